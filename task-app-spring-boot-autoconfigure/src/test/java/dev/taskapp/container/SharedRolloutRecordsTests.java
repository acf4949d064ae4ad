package dev.taskapp.container;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tracing.TestPostgres;
import dev.taskapp.web.RolloutAdmission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of a container app share one PostgreSQL database ({@code task-app.tracing.url}):
 * either answers for a rollout the other started, terminating it through either stops its
 * handler, and an idempotency key runs once across both.
 */
class SharedRolloutRecordsTests {

	private static final String KEY = "sk_shared_records_key";

	private static final WireMockServer llm = new WireMockServer(options().dynamicPort());

	private ConfigurableApplicationContext replicaA;

	private ConfigurableApplicationContext replicaB;

	@BeforeAll
	static void startModel() {
		llm.start();
		llm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
			.withHeader("Content-Type", "application/json")
			.withBody("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"positive\"}}]}")));
		llm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("slow-model"))
			.willReturn(aResponse().withFixedDelay(30_000).withBody("{}")));
	}

	@AfterAll
	static void stopModel() {
		llm.stop();
	}

	@BeforeEach
	void startReplicas() throws Exception {
		TestPostgres postgres = TestPostgres.require();
		String database = postgres.createDatabase();
		this.replicaA = replica(database, postgres);
		this.replicaB = replica(database, postgres);
	}

	@AfterEach
	void stopReplicas() {
		if (this.replicaA != null) {
			this.replicaA.close();
		}
		if (this.replicaB != null) {
			this.replicaB.close();
		}
	}

	@Test
	void rolloutStartedOnOneReplicaIsReadAndTerminatedThroughTheOther() {
		int cancelledBefore = ContainerTestApplication.cancelledModelCalls.get();
		Map<String, Object> accepted = exchange(this.replicaA, "POST", "/rollout", request("async", "slow-model", null),
				202);
		String rolloutId = (String) accepted.get("rollout_id");
		assertThat(admission(this.replicaA).inFlight()).isOne();

		assertThat(exchange(this.replicaB, "GET", "/rollouts/" + rolloutId, null, 200))
			.containsEntry("rollout_id", rolloutId)
			.containsEntry("status", "running");
		assertThat(exchange(this.replicaB, "GET", "/rollouts/" + rolloutId + "/state", null, 200))
			.containsEntry("status", "running");

		Map<String, Object> terminated = exchange(this.replicaB, "POST", "/rollouts/" + rolloutId + "/terminate",
				Map.of("reason", "gepa_async_timeout"), 200);
		assertThat(terminated).containsEntry("status", "cancelled");
		await().atMost(Duration.ofSeconds(10)).until(() -> admission(this.replicaA).inFlight() == 0);
		assertThat(ContainerTestApplication.cancelledModelCalls.get()).isEqualTo(cancelledBefore + 1);
		assertThat(admission(this.replicaB).inFlight()).isZero();
		assertThat(exchange(this.replicaA, "GET", "/rollouts/" + rolloutId + "/state", null, 200))
			.containsEntry("status", "cancelled")
			.containsEntry("termination", Map.of("reason", "gepa_async_timeout"));
	}

	@Test
	void idempotencyKeyRunsOnceAcrossReplicas() {
		int runsBefore = ContainerTestApplication.handlerRuns.get();
		Map<String, Object> first = exchange(this.replicaA, "POST", "/rollout",
				request("sync", "gpt-4.1-nano", "retry-of-trial-7"), 200);
		assertThat(first).containsEntry("status", "completed");

		Map<String, Object> again = exchange(this.replicaB, "POST", "/rollout",
				request("async", "gpt-4.1-nano", "retry-of-trial-7"), 200);
		assertThat(again).containsEntry("rollout_id", first.get("rollout_id")).containsEntry("status", "completed");
		assertThat(ContainerTestApplication.handlerRuns.get()).isEqualTo(runsBefore + 1);
		assertThat(exchange(this.replicaB, "GET", "/rollouts/" + first.get("rollout_id"), null, 200))
			.containsEntry("reward_info", first.get("reward_info"));
	}

	@Test
	void postgresqlTracingUrlSelectsTheSharedRecordStore() {
		assertThat(this.replicaA.getBean(RolloutRecordStore.class)).isInstanceOf(PostgresRolloutRecordStore.class);
	}

	@Test
	void unknownRolloutIsNotFoundOnEveryReplica() {
		exchange(this.replicaA, "GET", "/rollouts/never-started", null, 404);
		exchange(this.replicaB, "POST", "/rollouts/never-started/terminate", Map.of(), 404);
	}

	private static ConfigurableApplicationContext replica(String database, TestPostgres postgres) {
		return new SpringApplicationBuilder(ContainerTestApplication.class).web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--spring.main.banner-mode=off", "--ENVIRONMENT_API_KEY=" + KEY,
					"--task-app.contract=container", "--task-app.tunnel.mode=local",
					"--task-app.tracing.url=" + database, "--task-app.tracing.username=" + postgres.user(),
					"--task-app.tracing.password=" + postgres.password());
	}

	private static RolloutAdmission admission(ConfigurableApplicationContext replica) {
		return replica.getBean(RolloutAdmission.class);
	}

	private static Map<String, Object> request(String mode, String model, String idempotencyKey) {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("provider", "openai");
		policy.put("model", model);
		policy.put("inference_url", "http://127.0.0.1:" + llm.port() + "/v1");
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("submission_mode", mode);
		if (idempotencyKey != null) {
			request.put("idempotency_key", idempotencyKey);
		}
		request.put("candidate", Map.of("system_prompt", "Classify the sentiment."));
		request.put("policy", policy);
		request.put("task", Map.of("task_id", "train:0", "split", "train", "seed", 0, "text", "I love it", "label",
				"positive"));
		return request;
	}

	private static Map<String, Object> exchange(ConfigurableApplicationContext replica, String method, String path,
			Map<String, Object> body, int status) {
		int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
		WebTestClient client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
		WebTestClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(method))
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY);
		WebTestClient.RequestHeadersSpec<?> request = (body != null)
				? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(TaskAppJson.mapper().writeValueAsString(body))
				: spec;
		return read(request.exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult()
			.getResponseBody());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> read(String json) {
		return TaskAppJson.mapper().readValue(json, Map.class);
	}

}
