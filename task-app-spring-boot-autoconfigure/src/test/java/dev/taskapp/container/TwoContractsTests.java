package dev.taskapp.container;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * One app serving both contracts: the task-app routes at the root, the container routes under
 * {@code task-app.container.base-path}, one handler behind both.
 */
@SpringBootTest(classes = ContainerTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ENVIRONMENT_API_KEY=sk_two_contracts_key", "task-app.container.base-path=/container",
				"task-app.tunnel.mode=local" })
class TwoContractsTests {

	private static final String KEY = "sk_two_contracts_key";

	private static final WireMockServer llm = new WireMockServer(options().dynamicPort());

	@LocalServerPort
	private int port;

	private WebTestClient client;

	@BeforeAll
	static void startModel() {
		llm.start();
		llm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
			.withHeader("Content-Type", "application/json")
			.withBody("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"positive\"}}]}")));
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
	void eachContractAnswersItsOwnHealth() {
		this.client.get().uri("/health").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/health").header("X-API-Key", KEY).exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.healthy").isEqualTo(true);
		this.client.get().uri("/container/health").exchange().expectStatus().isOk().expectBody().json("""
				{"status":"ok","contract_version":"2026-05-28"}""", true);
	}

	@Test
	void taskAppRolloutReachesTheHandlerWithThePromptTemplateAsCandidate() {
		String request = """
				{"run_id":"run_1","env":{"seed":0,"config":{"split":"train"}},"ops":[],
				 "policy":{"config":{"model":"task-app-model","inference_url":"http://127.0.0.1:%d/v1",
				  "prompt_template":{"prompt_sections":[{"role":"system","content":"Task-app contract prompt"},
				   {"role":"user","content":"Text: {text}"}]}}}}""".formatted(llm.port());
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request).exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.run_id").isEqualTo("run_1")
			.jsonPath("$.metrics.outcome_score").isEqualTo(1.0);
		llm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
			.withRequestBody(containing("Task-app contract prompt")).withRequestBody(containing("task-app-model"))
			.withRequestBody(containing("I love it")));
	}

	@Test
	void containerRolloutUnderItsBasePathReachesTheSameHandler() {
		Map<String, Object> request = Map.of("submission_mode", "sync", "task_id", "train:1", "candidate",
				Map.of("system_prompt", "Container contract prompt"), "policy",
				Map.of("provider", "openai", "model", "container-model", "inference_url",
						"http://127.0.0.1:" + llm.port() + "/v1"));
		this.client.post().uri("/container/rollout").header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(TaskAppJson.mapper().writeValueAsString(request))
			.exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.task_id").isEqualTo("train:1")
			.jsonPath("$.reward_info.outcome_reward").isEqualTo(0.0)
			.jsonPath("$.actionable_side_info.expected").isEqualTo("negative");
		llm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
			.withRequestBody(containing("Container contract prompt")).withRequestBody(containing("I hate it")));
		this.client.get().uri("/container/metadata").header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY).exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$.metadata.optimizer_contracts.gepa.rollout_route").isEqualTo("/rollout");
		this.client.get().uri("/metadata").header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY).exchange()
			.expectStatus().isNotFound();
		List.of("/container/info", "/container/program").forEach((path) -> this.client.get().uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY).exchange().expectStatus().isOk());
	}

}
