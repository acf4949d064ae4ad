package dev.taskapp.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taskapp.client.TaskAppClient;
import dev.taskapp.client.TaskAppClientException;
import dev.taskapp.client.TaskAppHealth;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.TaskInfo;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link TaskAppClient} against the starter's own routes on a real server.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_round_trip", "task-app.api-key-aliases=alias_rt" })
class TaskAppClientRoundTripTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	private TaskAppClient client(String key) {
		return TaskAppClient.builder("http://127.0.0.1:" + this.port).apiKey(key).build();
	}

	@Test
	void healthCheckOfTheSdkPasses() {
		TaskAppHealth health = client("sk_round_trip").health().block(TIMEOUT);
		assertThat(health.ok()).isTrue();
		assertThat(health.detail()).isEqualTo("/health=200, /task_info=200");
	}

	@Test
	void healthCheckWithAnAliasPasses() {
		assertThat(client("alias_rt").health().block(TIMEOUT).ok()).isTrue();
	}

	@Test
	void healthCheckWithAWrongKeyFails() {
		TaskAppHealth health = client("wrong").health().block(TIMEOUT);
		assertThat(health.ok()).isFalse();
		assertThat(health.healthStatus()).isEqualTo(401);
	}

	@Test
	void taskInfoOfOneAndOfSeveralSeeds() {
		TaskInfo one = client("sk_round_trip").taskInfo(5).block(TIMEOUT);
		assertThat(one.taskMetadata()).containsEntry("seed", 5);
		List<TaskInfo> several = client("sk_round_trip").taskInfo(List.of(1, 2, 3)).block(TIMEOUT);
		assertThat(several).extracting((info) -> info.taskMetadata().get("seed")).containsExactly(1, 2, 3);
	}

	@Test
	void tasksetAndInfo() {
		assertThat(client("sk_round_trip").taskset().block(TIMEOUT)).containsEntry("id", "scripted");
		Map<String, Object> info = client("sk_round_trip").info().block(TIMEOUT);
		assertThat(info).containsKeys("service", "dataset", "rubrics", "inference", "limits");
	}

	@Test
	void rolloutRoundTrips() {
		RolloutRequest request = RolloutRequest.of("run_rt", RolloutEnvSpec.ofSeed(4), RolloutPolicySpec
			.ofConfig(Map.of("inference_url", "https://llm.test/v1?cid=trace_rt", "model", "m")));
		RolloutResponse response = client("sk_round_trip").rollout(request).block(TIMEOUT);
		assertThat(response.runId()).isEqualTo("run_rt");
		assertThat(response.traceCorrelationId()).isEqualTo("trace_rt");
		assertThat(response.metrics().meanReturn()).isEqualTo(1.0);
		assertThat(response.trajectories().get(0).steps().get(0).info())
			.containsEntry("chat_completions_url", "https://llm.test/v1/chat/completions?cid=trace_rt");
	}

	@Test
	void rolloutErrorsReachTheCallerWithTheServersMessage() {
		RolloutRequest request = RolloutRequest.of("run_up", RolloutEnvSpec.ofSeed(1),
				RolloutPolicySpec.ofConfig(Map.of("behaviour", "upstream")));
		assertThatExceptionOfType(TaskAppClientException.class)
			.isThrownBy(() -> client("sk_round_trip").rollout(request).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(502);
				assertThat(ex.getMessage()).contains("LLM at llm.test answered 500");
			});
	}

}
