package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.client.TaskAppClient;
import dev.taskapp.client.TaskAppHealth;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.inprocess.junit.TaskAppTest;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.env.StandardEnvironment;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Banking77 task app as its author tests it with {@link TaskAppTest}: started in process
 * from its {@link TaskAppConfig}, without the sample's Spring Boot application, and checked
 * through the injected {@link TaskAppClient}, with WireMock as the model.
 */
@TaskAppTest(configMethod = "banking77", apiKey = "sk_sample_in_process")
class Banking77TaskAppInProcessTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String MODEL = "test-model";

	private static final Banking77Dataset dataset = Banking77Dataset.load();

	private static final WireMockServer llm = new WireMockServer(options().dynamicPort());

	static TaskAppConfig banking77() {
		ChatCompletionsClient model = new ChatCompletionsClient(HttpClient.create(), Duration.ofSeconds(10),
				new StandardEnvironment());
		return Banking77TaskApp.taskAppConfig(dataset, new Banking77Rollout(dataset, model, MODEL), MODEL);
	}

	@BeforeAll
	static void startLlm() {
		llm.start();
	}

	@AfterAll
	static void stopLlm() {
		llm.stop();
	}

	@Test
	void sdkHealthCheckPasses(TaskAppClient client) {
		TaskAppHealth health = client.health().block(TIMEOUT);
		assertThat(health.ok()).isTrue();
		assertThat(health.detail()).isEqualTo("/health=200, /task_info=200");
	}

	@Test
	void taskAppIsServedLocallyWithTheConfiguredKey(TaskAppUrl url) {
		assertThat(url.mode()).isEqualTo(TunnelMode.LOCAL);
		assertThat(url.get(Duration.ZERO)).startsWith("http://127.0.0.1:");
		assertThat(url.apiKey()).isEqualTo("sk_sample_in_process");
	}

	@Test
	void tasksetAndInstancesDescribeTheDataset(TaskAppClient client) {
		assertThat(client.taskset().block(TIMEOUT)).containsEntry("id", "banking77")
			.containsEntry("intents", dataset.intents().size());
		assertThat(client.taskInfo(7).block(TIMEOUT).taskMetadata()).containsEntry("query",
				dataset.sample("train", 7).text());
	}

	@Test
	void rightIntentEarnsTheRewardAndAWrongOneDoesNot(TaskAppClient client) {
		String label = dataset.sample("train", 3).label();
		String other = dataset.intents().stream().filter((intent) -> !intent.equals(label)).findFirst().orElseThrow();
		llm.stubFor(post(urlPathEqualTo("/right/v1/chat/completions")).willReturn(okJson(toolCallAnswer(label))));
		llm.stubFor(post(urlPathEqualTo("/wrong/v1/chat/completions")).willReturn(okJson(toolCallAnswer(other))));
		assertThat(rollout(client, "/right/v1").metrics().meanReturn()).isEqualTo(1.0);
		assertThat(rollout(client, "/wrong/v1").metrics().meanReturn()).isEqualTo(0.0);
	}

	private static RolloutResponse rollout(TaskAppClient client, String path) {
		RolloutRequest request = RolloutRequest.of("run_in_process", RolloutEnvSpec.ofSeed(3),
				RolloutPolicySpec.ofConfig(Map.of("inference_url", llm.baseUrl() + path, "model", MODEL)));
		RolloutResponse response = client.rollout(request).block(TIMEOUT);
		assertThat(response.runId()).isEqualTo("run_in_process");
		return response;
	}

	private static String toolCallAnswer(String intent) {
		Map<String, Object> call = Map.of("id", "call_1", "type", "function", "function",
				Map.of("name", "classify", "arguments", "{\"intent\": \"" + intent + "\"}"));
		return TaskAppJson.mapper()
			.writeValueAsString(Map.of("choices", List.of(Map.of("index", 0, "finish_reason", "tool_calls", "message",
					Map.of("role", "assistant", "tool_calls", List.of(call))))));
	}

}
