package dev.taskapp.container;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import dev.taskapp.web.RolloutAdmission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the shared database that keeps the rollout records cannot be reached, the container
 * routes answer 503 in the contract's error shape, without a stack trace or the password, and
 * give back the admission slot a refused rollout took.
 */
@SpringBootTest(classes = ContainerTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ENVIRONMENT_API_KEY=" + UnreachableRecordStoreTests.KEY, "task-app.contract=container",
				"task-app.tunnel.mode=local", "task-app.tracing.enabled=false",
				"task-app.tracing.url=jdbc:postgresql://127.0.0.1:1/records", "task-app.tracing.username=app",
				"task-app.tracing.password=s3cret-db-password" })
class UnreachableRecordStoreTests {

	static final String KEY = "sk_unreachable_records_key";

	@LocalServerPort
	private int port;

	@Autowired
	private RolloutAdmission admission;

	private WebTestClient client;

	@BeforeEach
	void createClient() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	@Test
	void rolloutIsRefusedWith503AndItsAdmissionSlotGivenBack() {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("provider", "openai");
		policy.put("model", "gpt-4.1-nano");
		policy.put("inference_url", "http://127.0.0.1:9/v1");
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("submission_mode", "async");
		request.put("candidate", Map.of("system_prompt", "Classify the sentiment."));
		request.put("policy", policy);
		request.put("task", Map.of("task_id", "train:0", "split", "train", "seed", 0, "text", "I love it", "label",
				"positive"));
		String body = exchange("POST", "/rollout", request, 503);
		assertThat(read(body)).containsEntry("code", "record_store_unavailable");
		assertThat(body).doesNotContain("s3cret").doesNotContain("Exception");
		assertThat(this.admission.inFlight()).isZero();
	}

	@Test
	void recordAndTerminationAreAnswered503() {
		assertThat(read(exchange("GET", "/rollouts/r-1", null, 503))).containsEntry("code", "record_store_unavailable");
		assertThat(read(exchange("GET", "/rollouts/r-1/state", null, 503))).containsEntry("code",
				"record_store_unavailable");
		assertThat(read(exchange("POST", "/rollouts/r-1/terminate", Map.of(), 503))).containsEntry("code",
				"record_store_unavailable");
	}

	private String exchange(String method, String path, Map<String, Object> body, int status) {
		WebTestClient.RequestBodySpec spec = this.client.method(HttpMethod.valueOf(method))
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY);
		WebTestClient.RequestHeadersSpec<?> request = (body != null)
				? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(TaskAppJson.mapper().writeValueAsString(body))
				: spec;
		return request.exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> read(String json) {
		return TaskAppJson.mapper().readValue(json, Map.class);
	}

}
