package dev.taskapp.container;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.web.RolloutAdmission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

/**
 * Container rollouts, sync and async, share the app's one limit of rollouts in flight: past it
 * a submission is answered 503 with {@code Retry-After}, and {@code scale_leases} publishes it.
 */
@SpringBootTest(classes = ContainerTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ENVIRONMENT_API_KEY=sk_container_admission_key", "task-app.contract=container",
				"task-app.tunnel.mode=local", "task-app.rollout.max-in-flight=1" })
class ContainerAdmissionTests {

	private static final String KEY = "sk_container_admission_key";

	private static final WireMockServer llm = new WireMockServer(options().dynamicPort());

	@LocalServerPort
	private int port;

	@Autowired
	private RolloutAdmission admission;

	private WebTestClient client;

	@BeforeAll
	static void startModel() {
		llm.start();
		llm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
			.withHeader("Content-Type", "application/json")
			.withBody("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"positive\"}}]}")));
		llm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("slow-model"))
			.willReturn(aResponse().withFixedDelay(15_000).withBody("{}")));
	}

	@AfterAll
	static void stopModel() {
		llm.stop();
	}

	@BeforeEach
	void createClient() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	@Test
	void aRolloutPastTheLimitIsRefusedUntilTheRunningOneIsTerminated() {
		assertThat(read(exchange("GET", "/metadata", null, 200).getResponseBody())).extractingByKey("capabilities")
			.asInstanceOf(MAP)
			.containsEntry("scale_leases", 1);
		String running = (String) read(exchange("POST", "/rollout", request("async", "slow-model"), 202)
			.getResponseBody()).get("rollout_id");
		long rejectedBefore = this.admission.rejected();

		EntityExchangeResult<String> refused = exchange("POST", "/rollout", request("sync", "gpt-4.1-nano"), 503);
		assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		Map<String, Object> body = read(refused.getResponseBody());
		ContainerSchemas.validationError(body);
		assertThat(body).containsEntry("code", "overloaded");
		exchange("POST", "/rollout", request("async", "gpt-4.1-nano"), 503);
		assertThat(this.admission.rejected()).isEqualTo(rejectedBefore + 2);

		exchange("POST", "/rollouts/" + running + "/terminate", Map.of("reason", "gepa_async_timeout"), 200);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admission.inFlight() == 0);
		Map<String, Object> completed = read(exchange("POST", "/rollout", request("sync", "gpt-4.1-nano"), 200)
			.getResponseBody());
		assertThat(completed).containsEntry("status", "completed");
		assertThat(this.admission.inFlight()).isZero();
	}

	@Test
	void invalidSubmissionGivesItsSlotBack() {
		this.client.post()
			.uri("/rollout")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{not json")
			.exchange()
			.expectStatus()
			.isEqualTo(422);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admission.inFlight() == 0);
		exchange("POST", "/rollout", request("sync", "gpt-4.1-nano"), 200);
	}

	@Test
	void callerThatHangsUpWhileSendingItsBodyGivesItsSlotBack() throws IOException {
		try (Socket caller = new Socket()) {
			caller.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			caller.getOutputStream()
				.write(("POST /rollout HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY + "\r\n"
						+ "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"submission_mode\": ")
					.getBytes(StandardCharsets.US_ASCII));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.admission.inFlight() == 1);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admission.inFlight() == 0);
	}

	private static Map<String, Object> request(String mode, String model) {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("provider", "openai");
		policy.put("model", model);
		policy.put("inference_url", "http://127.0.0.1:" + llm.port() + "/v1");
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("submission_mode", mode);
		request.put("candidate", Map.of("system_prompt", "Classify the sentiment."));
		request.put("policy", policy);
		request.put("task", Map.of("task_id", "train:0", "split", "train", "seed", 0, "text", "I love it", "label",
				"positive"));
		return request;
	}

	private EntityExchangeResult<String> exchange(String method, String path, Map<String, Object> body, int status) {
		WebTestClient.RequestBodySpec spec = this.client.method(HttpMethod.valueOf(method))
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY);
		WebTestClient.RequestHeadersSpec<?> request = (body != null)
				? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(TaskAppJson.mapper().writeValueAsString(body))
				: spec;
		return request.exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> read(String json) {
		return TaskAppJson.mapper().readValue(json, Map.class);
	}

}
