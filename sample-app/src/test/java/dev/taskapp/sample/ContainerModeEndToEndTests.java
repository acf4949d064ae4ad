package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample started with {@code --task-app.contract=container}: it serves Banking77 as a Synth
 * container (program, taskset, rollouts) and its self-evaluation runs through the container
 * routes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.self-evaluation.enabled=true", "task-app.api-key=sk_container_sample_0123456789",
				"task-app.contract=container", "task-app.tunnel.mode=local" })
class ContainerModeEndToEndTests {

	private static final String KEY = "sk_container_sample_0123456789";

	@LocalServerPort
	private int port;

	@Autowired
	private SelfEvaluationRunner runner;

	@Test
	void selfEvaluationRunsThroughTheContainerRoutes() {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.runner.report() != null);
		SelfEvaluationReport report = this.runner.report();
		assertThat(report.rows()).hasSize(24).allSatisfy((row) -> assertThat(row.error()).isNull());
		assertThat(report.meanScore()).isGreaterThanOrEqualTo(0.75);
	}

	@Test
	void programSeedsTheSystemPromptWithTodaysPrompt() {
		client().get().uri("/program").header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY).exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$.seed_candidate.system_prompt").isEqualTo(Banking77Rollout.DEFAULT_PROMPT.get(0).content())
			.jsonPath("$.target_modules[0].candidate_field").isEqualTo(Banking77TaskApp.SYSTEM_PROMPT_FIELD);
		client().get().uri("/metadata").header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY).exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$.metadata.optimizer_contracts.gepa.version").isEqualTo("synth_optimizers.gepa.v2");
	}

	@Test
	void gepaShapedRolloutOfATasksetRowIsScored() {
		String tasks = client().post().uri("/taskset/tasks").header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"split\":\"train\",\"task_ids\":[\"train:0\",\"train:1\"],\"filters\":{}}")
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> rows = (List<Map<String, Object>>) TaskAppJson.mapper().readValue(tasks, Map.class)
			.get("tasks");
		Map<String, Object> request = Map.of("submission_mode", "sync", "task", rows.get(0), "candidate",
				Map.of("system_prompt", "Classify into one of: {intents}. Answer with the intent."), "policy",
				Map.of("enabled", true, "provider", "openai", "model", KeywordBaselinePolicy.MODEL, "inference_url",
						"http://127.0.0.1:" + this.port + KeywordBaselinePolicy.BASE_PATH),
				"prompt_assertions", Map.of());
		client().post().uri("/rollout").header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(TaskAppJson.mapper().writeValueAsString(request))
			.exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("completed")
			.jsonPath("$.task_id").isEqualTo("train:0")
			.jsonPath("$.reward_info.outcome_reward").isNumber()
			.jsonPath("$.actionable_side_info.expected").isEqualTo(rows.get(0).get("label"));
	}

	@Test
	void candidateSystemPromptReachesTheModelWithTheQuery() {
		WireMockServer llm = new WireMockServer(options().dynamicPort());
		llm.start();
		try {
			llm.stubFor(post("/v1/chat/completions").willReturn(okJson("""
					{"choices":[{"message":{"role":"assistant","content":"card_arrival"}}],
					 "usage":{"prompt_tokens":40,"completion_tokens":2,"total_tokens":42}}""")));
			Map<String, Object> request = Map.of("task_id", "train:0", "candidate",
					Map.of("system_prompt", "OPTIMISED PROMPT: pick one of {intents}."), "policy",
					Map.of("provider", "openai", "model", "gpt-4.1-nano", "inference_url", llm.baseUrl() + "/v1"));
			client().post().uri("/rollout").header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
				.contentType(MediaType.APPLICATION_JSON).bodyValue(TaskAppJson.mapper().writeValueAsString(request))
				.exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.usage.total_tokens").isEqualTo(42)
				.jsonPath("$.actionable_side_info.prediction").isEqualTo("card_arrival");
			llm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
				.withRequestBody(containing("OPTIMISED PROMPT: pick one of"))
				.withRequestBody(containing("card_arrival, "))
				.withRequestBody(containing("gpt-4.1-nano")));
		}
		finally {
			llm.stop();
		}
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20)).build();
	}

}
