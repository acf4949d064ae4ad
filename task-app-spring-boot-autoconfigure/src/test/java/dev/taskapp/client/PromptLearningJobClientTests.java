package dev.taskapp.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link PromptLearningJobClient} against a WireMock Synth backend: submission, status
 * polling, events, cancellation and errors.
 */
class PromptLearningJobClientTests {

	private static final Duration BLOCK = Duration.ofSeconds(10);

	private static final String SYNTH_KEY = "sk_synth_test_0123456789abcdef";

	private static final String TASK_APP_KEY = "env_task_app_key_9876543210";

	private static final String WORKER_TOKEN = "wt_worker_token_abcdefghijkl";

	private static final String JOBS = "/api/prompt-learning/online/jobs";

	private static final String STATUS = JOBS + "/pl_123";

	private static final String TOML = """
			[prompt_learning]
			algorithm = "gepa"
			task_app_id = "banking77"

			[prompt_learning.policy]
			model = "gpt-4o-mini"
			provider = "openai"

			[prompt_learning.gepa.evaluation]
			train_seeds = [0, 1, 2]
			val_seeds = [3, 4]

			[prompt_learning.gepa.rollout]
			budget = 100
			""";

	@RegisterExtension
	final WireMockExtension backend = WireMockExtension.newInstance().options(options().dynamicPort()).build();

	private PromptLearningJobClient client() {
		return PromptLearningJobClient.builder(backend.baseUrl()).apiKey(SYNTH_KEY).build();
	}

	private static PromptLearningJobConfig config() {
		return PromptLearningJobConfig.parse(TOML, "banking77-gepa.toml");
	}

	private void stubStatus(String body) {
		backend.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson(body)));
	}

	private JsonNode onlySubmission() {
		List<LoggedRequest> requests = backend.findAll(postRequestedFor(urlEqualTo(JOBS)));
		assertThat(requests).hasSize(1);
		return TaskAppJson.mapper().readTree(requests.get(0).getBodyAsString());
	}

	private static <T> T block(Mono<T> mono) {
		return mono.block(BLOCK);
	}

	@Test
	void submitSendsTheConfigWithTheTaskAppOverridesAndTheSynthKey() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_123\", \"status\": \"queued\"}")));
		PromptLearningJobConfig config = config().withTaskAppUrl("https://abc.trycloudflare.com")
			.withTaskAppApiKey(TASK_APP_KEY)
			.withOverride("prompt_learning.gepa.rollout.budget", 20);
		assertThat(block(client().submit(config))).isEqualTo("pl_123");
		backend.verify(postRequestedFor(urlEqualTo(JOBS)).withHeader("X-API-Key", equalTo(SYNTH_KEY))
			.withHeader("Authorization", equalTo("Bearer " + SYNTH_KEY))
			.withHeader("Content-Type", equalTo("application/json"))
			.withHeader("X-SynthTunnel-Worker-Token", absent()));
		JsonNode body = onlySubmission();
		assertThat(body.path("algorithm").stringValue()).isEqualTo("gepa");
		assertThat(body.path("auto_start").booleanValue()).isTrue();
		JsonNode promptLearning = body.path("config_body").path("prompt_learning");
		assertThat(promptLearning.path("task_app_url").stringValue()).isEqualTo("https://abc.trycloudflare.com");
		assertThat(promptLearning.path("task_app_api_key").stringValue()).isEqualTo(TASK_APP_KEY);
		assertThat(promptLearning.path("task_app_id").stringValue()).isEqualTo("banking77");
		assertThat(promptLearning.path("gepa").path("rollout").path("budget").intValue()).isEqualTo(20);
		assertThat(promptLearning.path("gepa").path("evaluation").path("train_seeds")).hasSize(3);
		assertThat(body.path("overrides").path("prompt_learning.task_app_url").stringValue())
			.isEqualTo("https://abc.trycloudflare.com");
		assertThat(body.path("overrides").path("prompt_learning.task_app_api_key").stringValue())
			.isEqualTo(TASK_APP_KEY);
		assertThat(body.path("overrides").path("prompt_learning.gepa.rollout.budget").intValue()).isEqualTo(20);
		assertThat(body.path("metadata").path("backend_base_url").stringValue()).isEqualTo(backend.baseUrl() + "/api");
		assertThat(body.path("metadata").has("worker_token")).isFalse();
	}

	@Test
	void jobIdIsReadFromIdWhenTheBackendSendsNoJobId() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"id\": \"pl_456\"}")));
		assertThat(block(client().submit(config().withTaskAppUrl("http://127.0.0.1:8001")))).isEqualTo("pl_456");
	}

	@Test
	void backendUrlWithApiSuffixIsNotDoubled() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_1\"}")));
		PromptLearningJobClient client = PromptLearningJobClient.builder(backend.baseUrl() + "/api/")
			.apiKey(SYNTH_KEY)
			.build();
		assertThat(client.getApiBase()).isEqualTo(backend.baseUrl() + "/api");
		assertThat(block(client.submit(config().withTaskAppUrl("http://127.0.0.1:8001")))).isEqualTo("pl_1");
	}

	@Test
	void synthTunnelUrlWithoutWorkerTokenIsRefusedBeforeAnythingIsSent() {
		PromptLearningJobConfig config = config().withTaskAppUrl("https://st.usesynth.ai/s/rt_abc123")
			.withTaskAppApiKey(TASK_APP_KEY);
		assertThatIllegalArgumentException().isThrownBy(() -> client().submit(config))
			.withMessageStartingWith("task_app_worker_token is required for SynthTunnel task_app_url.");
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void synthTunnelJobCarriesTheWorkerTokenAndNoTaskAppKey() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_123\"}")));
		PromptLearningJobConfig config = config().withTaskAppUrl("https://st.usesynth.ai/s/rt_abc123")
			.withTaskAppApiKey(TASK_APP_KEY)
			.withTaskAppWorkerToken(WORKER_TOKEN);
		block(client().submit(config));
		backend.verify(postRequestedFor(urlEqualTo(JOBS)).withHeader("X-SynthTunnel-Worker-Token",
				equalTo(WORKER_TOKEN)));
		JsonNode body = onlySubmission();
		assertThat(body.path("metadata").path("worker_token").stringValue()).isEqualTo(WORKER_TOKEN);
		assertThat(body.path("config_body").path("prompt_learning").path("task_app_url").stringValue())
			.isEqualTo("https://st.usesynth.ai/s/rt_abc123");
		assertThat(body.path("config_body").path("prompt_learning").has("task_app_api_key")).isFalse();
		assertThat(body.path("overrides").has("prompt_learning.task_app_api_key")).isFalse();
		assertThat(body.toString()).doesNotContain(TASK_APP_KEY);
	}

	@Test
	void configWithoutTaskAppUrlIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> client().submit(config()))
			.withMessageContaining("task_app_url is required")
			.withMessageContaining("banking77-gepa.toml");
	}

	@Test
	void rejectedSynthKeyIsReportedClearlyWithoutTheKey() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\": \"Invalid API key " + SYNTH_KEY + "\"}")));
		assertThatExceptionOfType(PromptLearningJobException.class)
			.isThrownBy(() -> block(client().submit(config().withTaskAppUrl("http://127.0.0.1:8001"))))
			.satisfies((ex) -> {
				assertThat(ex).isInstanceOf(SynthBackendException.class);
				assertThat(ex.getStatus()).isEqualTo(401);
				assertThat(ex.isAuthenticationFailure()).isTrue();
				assertThat(ex.isRetryable()).isFalse();
				assertThat(ex.getMessage()).contains("Synth API key rejected")
					.contains(backend.baseUrl() + "/api")
					.contains("Invalid API key")
					.doesNotContain(SYNTH_KEY)
					.doesNotContain(SYNTH_KEY.substring(0, 10));
			});
	}

	@Test
	void backendErrorCarriesItsDetail() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(aResponse().withStatus(422)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\": [{\"loc\": [\"body\", \"config_body\", \"prompt_learning\", \"policy\"],"
					+ " \"msg\": \"Field required\", \"type\": \"missing\"}]}")));
		assertThatExceptionOfType(PromptLearningJobException.class)
			.isThrownBy(() -> block(client().submit(config().withTaskAppUrl("http://127.0.0.1:8001")
				.withTaskAppApiKey(TASK_APP_KEY))))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(422);
				assertThat(ex.getServerMessage()).isEqualTo("body.config_body.prompt_learning.policy: Field required");
				assertThat(ex.getMessage()).contains("POST /prompt-learning/online/jobs with 422")
					.contains("Field required");
			});
	}

	@Test
	void statusTransitionsAreReportedUntilTheJobSucceeds() {
		backend.stubFor(get(urlEqualTo(STATUS)).inScenario("job")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson("{\"job_id\": \"pl_123\", \"status\": \"queued\"}"))
			.willSetStateTo("running"));
		backend.stubFor(get(urlEqualTo(STATUS)).inScenario("job")
			.whenScenarioStateIs("running")
			.willReturn(okJson("{\"job_id\": \"pl_123\", \"status\": \"running\", \"best_score\": 0.72}"))
			.willSetStateTo("done"));
		backend.stubFor(get(urlEqualTo(STATUS)).inScenario("job")
			.whenScenarioStateIs("done")
			.willReturn(okJson("{\"job_id\": \"pl_123\", \"status\": \"succeeded\", \"best_score\": 0.91,"
					+ " \"best_prompt\": \"Classify the banking query: {query}\"}")));
		List<PromptLearningJobStatus> seen = new ArrayList<>();
		PromptLearningJobResult result = block(
				client().awaitCompletion("pl_123", Duration.ofMillis(10), Duration.ofSeconds(5), seen::add));
		assertThat(seen).extracting(PromptLearningJobStatus::state)
			.containsExactly(PromptLearningJobState.QUEUED, PromptLearningJobState.RUNNING,
					PromptLearningJobState.SUCCEEDED);
		assertThat(seen).extracting(PromptLearningJobStatus::bestScore).containsExactly(null, 0.72, 0.91);
		assertThat(result.succeeded()).isTrue();
		assertThat(result.jobId()).isEqualTo("pl_123");
		assertThat(result.bestScore()).isEqualTo(0.91);
		assertThat(result.bestPrompt()).isEqualTo(new PromptLearningPrompt("Classify the banking query: {query}",
				List.of()));
		assertThat(result.error()).isNull();
		assertThat(result.raw()).containsEntry("status", "succeeded");
		backend.verify(3, getRequestedFor(urlEqualTo(STATUS)).withHeader("Authorization",
				equalTo("Bearer " + SYNTH_KEY)));
	}

	@Test
	void bestPromptMissingFromTheFinalStatusIsReadFromTheEvents() {
		stubStatus("{\"status\": \"completed\", \"best_reward\": 0.8}");
		backend.stubFor(get(urlPathEqualTo(STATUS + "/events")).withQueryParam("since_seq", equalTo("0"))
			.willReturn(okJson("""
					{"events": [
					  {"seq": 1, "type": "prompt.learning.progress", "message": "generation 1"},
					  {"seq": 2, "type": "prompt.learning.best.prompt", "data": {"best_score": 0.85, "best_prompt":
					    {"sections": [{"role": "system", "name": "instruction", "content": "Pick one intent."},
					                  {"role": "user", "name": "query", "pattern": "Query: {query}"}]}}}
					], "next_seq": 2}""")));
		backend.stubFor(get(urlPathEqualTo(STATUS + "/events")).withQueryParam("since_seq", equalTo("2"))
			.willReturn(okJson("{\"events\": [], \"next_seq\": 2}")));
		PromptLearningJobResult result = block(client().result("pl_123"));
		assertThat(result.succeeded()).isTrue();
		assertThat(result.bestScore()).isEqualTo(0.8);
		PromptLearningPrompt prompt = result.bestPrompt();
		assertThat(prompt).isNotNull();
		assertThat(prompt.sections()).containsExactly(
				new PromptLearningPrompt.Section("system", "instruction", "Pick one intent."),
				new PromptLearningPrompt.Section("user", "query", "Query: {query}"));
		assertThat(prompt.text())
			.isEqualTo("[system | instruction]\nPick one intent.\n\n[user | query]\nQuery: {query}");
	}

	@Test
	void failedJobIsAResultThatCarriesTheBackendsError() {
		stubStatus("{\"status\": \"failed\", \"error\": \"Task app health check failed: 502 from "
				+ "https://abc.trycloudflare.com/health\"}");
		List<PromptLearningJobStatus> seen = new ArrayList<>();
		PromptLearningJobResult result = block(
				client().awaitCompletion("pl_123", Duration.ofMillis(10), Duration.ofSeconds(5), seen::add));
		assertThat(seen).hasSize(1);
		assertThat(result.failed()).isTrue();
		assertThat(result.succeeded()).isFalse();
		assertThat(result.error())
			.isEqualTo("Task app health check failed: 502 from https://abc.trycloudflare.com/health");
		assertThat(result.bestPrompt()).isNull();
		backend.verify(0, getRequestedFor(urlPathEqualTo(STATUS + "/events")));
	}

	@Test
	void errorGivenAsAnObjectIsReadFromItsMessage() {
		stubStatus("{\"state\": \"FAILED\", \"error\": {\"code\": \"budget\", \"message\": \"Budget exhausted\"}}");
		PromptLearningJobResult result = block(client().result("pl_123"));
		assertThat(result.state()).isEqualTo(PromptLearningJobState.FAILED);
		assertThat(result.error()).isEqualTo("Budget exhausted");
	}

	@Test
	void rejectedKeyEndsTheWaitAtOnce() {
		backend.stubFor(get(urlEqualTo(STATUS)).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\": \"Invalid API key\"}")));
		assertThatExceptionOfType(PromptLearningJobException.class)
			.isThrownBy(() -> block(client().awaitCompletion("pl_123", Duration.ofMillis(10), Duration.ofSeconds(5),
					(status) -> {
					})))
			.withMessageContaining("Synth API key rejected");
		backend.verify(1, getRequestedFor(urlEqualTo(STATUS)));
	}

	@Test
	void passingBackendFailuresAreToleratedWhilePolling() {
		backend.stubFor(get(urlEqualTo(STATUS)).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503).withBody("upstream busy"))
			.willSetStateTo("recovered"));
		backend.stubFor(get(urlEqualTo(STATUS)).inScenario("flaky")
			.whenScenarioStateIs("recovered")
			.willReturn(okJson("{\"status\": \"succeeded\", \"best_score\": 0.5, \"best_prompt\": \"p\"}")));
		List<PromptLearningJobStatus> seen = new ArrayList<>();
		PromptLearningJobResult result = block(
				client().awaitCompletion("pl_123", Duration.ofMillis(10), Duration.ofSeconds(5), seen::add));
		assertThat(result.succeeded()).isTrue();
		assertThat(seen).hasSize(1);
	}

	@Test
	void jobThatDoesNotFinishInTimeFailsNamingItsLastStatus() {
		stubStatus("{\"status\": \"running\"}");
		assertThatExceptionOfType(PromptLearningJobException.class)
			.isThrownBy(() -> block(client().awaitCompletion("pl_123", Duration.ofMillis(20), Duration.ofMillis(300),
					(status) -> {
					})))
			.withMessage("Prompt-learning job pl_123 did not finish within 300ms (last status: running)");
	}

	@Test
	void cancelPostsTheReason() {
		backend.stubFor(post(urlEqualTo(STATUS + "/cancel"))
			.willReturn(okJson("{\"job_id\": \"pl_123\", \"status\": \"cancelled\"}")));
		Map<String, Object> answer = block(client().cancel("pl_123", "no longer needed"));
		assertThat(answer).containsEntry("status", "cancelled");
		backend.verify(postRequestedFor(urlEqualTo(STATUS + "/cancel"))
			.withHeader("X-API-Key", equalTo(SYNTH_KEY))
			.withRequestBody(equalToJson("{\"reason\": \"no longer needed\"}")));
	}

	@Test
	void cancelWithoutReasonSendsAnEmptyObject() {
		backend.stubFor(post(urlEqualTo(STATUS + "/cancel")).willReturn(aResponse().withStatus(202)));
		assertThat(block(client().cancel("pl_123"))).isEmpty();
		backend.verify(postRequestedFor(urlEqualTo(STATUS + "/cancel")).withRequestBody(equalToJson("{}")));
	}

	@Test
	void cancelOfAFinishedJobReportsTheConflict() {
		backend.stubFor(post(urlEqualTo(STATUS + "/cancel")).willReturn(aResponse().withStatus(409)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\": \"Job already succeeded\"}")));
		assertThatExceptionOfType(PromptLearningJobException.class)
			.isThrownBy(() -> block(client().cancel("pl_123")))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(409))
			.withMessageContaining("Job already succeeded");
	}

	@Test
	void eventsArePagedWithSinceSeq() {
		backend.stubFor(get(urlPathEqualTo(STATUS + "/events")).withQueryParam("since_seq", equalTo("0"))
			.withQueryParam("limit", equalTo("2"))
			.willReturn(okJson("{\"events\": [{\"seq\": 1, \"type\": \"prompt.learning.created\","
					+ " \"message\": \"Job created\"}, {\"seq\": 2, \"type\": \"prompt.learning.running\","
					+ " \"data\": {\"generation\": 1}}], \"next_seq\": 2}")));
		backend.stubFor(get(urlPathEqualTo(STATUS + "/events")).withQueryParam("since_seq", equalTo("2"))
			.withQueryParam("limit", equalTo("2"))
			.willReturn(okJson("[{\"seq\": 3, \"type\": \"prompt.learning.completed\"}]")));
		PromptLearningJobClient client = client();
		PromptLearningJobEvents first = block(client.events("pl_123", 0, 2));
		assertThat(first.events()).containsExactly(
				new PromptLearningJobEvent(1, "prompt.learning.created", "Job created", Map.of()),
				new PromptLearningJobEvent(2, "prompt.learning.running", null, Map.of("generation", 1)));
		assertThat(first.nextSeq()).isEqualTo(2);
		PromptLearningJobEvents second = block(client.events("pl_123", first.nextSeq(), 2));
		assertThat(second.events()).extracting(PromptLearningJobEvent::type)
			.containsExactly("prompt.learning.completed");
		assertThat(second.nextSeq()).isEqualTo(3);
	}

	@Test
	void eventsInAnUnexpectedShapeAreReported() {
		backend.stubFor(get(urlPathEqualTo(STATUS + "/events")).willReturn(okJson("{\"items\": []}")));
		assertThatExceptionOfType(PromptLearningJobException.class)
			.isThrownBy(() -> block(client().events("pl_123", 0)))
			.withMessageContaining("\"events\" array");
	}

	@Test
	void unreachableBackendIsARetryableFailure() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		PromptLearningJobClient client = PromptLearningJobClient.builder("http://127.0.0.1:" + port)
			.apiKey(SYNTH_KEY)
			.build();
		assertThatExceptionOfType(PromptLearningJobException.class).isThrownBy(() -> block(client.status("pl_123")))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(PromptLearningJobException.NO_STATUS);
				assertThat(ex.isRetryable()).isTrue();
				assertThat(ex.getMessage()).startsWith("Synth backend http://127.0.0.1:" + port
						+ "/api did not answer GET /prompt-learning/online/jobs/pl_123: ");
			});
	}

	@Test
	void implausibleJobIdIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> client().status("../admin"))
			.withMessageContaining("Invalid prompt-learning job id");
		assertThatIllegalArgumentException().isThrownBy(() -> client().cancel("pl_1?x=y"));
	}

	@Test
	void missingApiKeyIsRefused() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> PromptLearningJobClient.builder("https://api.usesynth.ai").apiKey(" ").build())
			.withMessageContaining("SYNTH_API_KEY");
	}

	@Test
	void toStringNeverShowsTheKey() {
		PromptLearningJobClient.Builder builder = PromptLearningJobClient.builder("https://api.usesynth.ai")
			.apiKey(SYNTH_KEY);
		assertThat(builder.toString()).doesNotContain(SYNTH_KEY).contains("apiKey=******");
		assertThat(builder.build().toString()).doesNotContain(SYNTH_KEY)
			.contains("apiBase=https://api.usesynth.ai/api");
	}

}
