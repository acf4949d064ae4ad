package dev.taskapp.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.contract.OutputMode;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.RolloutStep;
import dev.taskapp.contract.RolloutTrajectory;
import dev.taskapp.contract.ToolCall;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.mock.env.MockEnvironment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Banking77Rollout}, with WireMock as the model.
 */
class Banking77RolloutTests {

	private static final String COMPLETIONS_PATH = "/v1/trial-xyz/chat/completions";

	private static final String TASK_APP_KEY = "env_task-app-secret-0123456789";

	private static final String OPENAI_KEY = "sk-openai-secret-0123456789";

	private static final Banking77Dataset dataset = Banking77Dataset.load();

	private static WireMockServer llm;

	private final MockEnvironment environment = new MockEnvironment().withProperty("ENVIRONMENT_API_KEY", TASK_APP_KEY)
		.withProperty("OPENAI_API_KEY", OPENAI_KEY)
		.withProperty("GROQ_API_KEY", "gsk-groq-secret");

	private Banking77Rollout rollout = rollout(Duration.ofSeconds(10));

	@BeforeAll
	static void startLlm() {
		llm = new WireMockServer(options().dynamicPort());
		llm.start();
	}

	@AfterAll
	static void stopLlm() {
		llm.stop();
	}

	@BeforeEach
	void resetLlm() {
		llm.resetAll();
	}

	private Banking77Rollout rollout(Duration timeout) {
		return new Banking77Rollout(dataset, new ChatCompletionsClient(HttpClient.create(), timeout, this.environment),
				"gpt-4o-mini");
	}

	private static String inferenceUrl() {
		return "http://127.0.0.1:" + llm.port() + "/v1/trial-xyz?cid=trace_abc123";
	}

	private static RolloutRequest request(Map<String, Object> envConfig, Map<String, Object> policyConfig,
			OutputMode outputMode) {
		Map<String, Object> config = new HashMap<>();
		config.put("inference_url", inferenceUrl());
		config.putAll(policyConfig);
		return RolloutRequest.of("run_1", new RolloutEnvSpec(null, null, envConfig, null),
				new RolloutPolicySpec("policy_1", null, config, outputMode, null));
	}

	private static RolloutRequest requestForSeed(int seed) {
		return RolloutRequest.of("run_1", RolloutEnvSpec.ofSeed(seed),
				new RolloutPolicySpec("policy_1", null, Map.of("inference_url", inferenceUrl()), null, null));
	}

	private Mono<RolloutResponse> run(RolloutRequest request) {
		return this.rollout.rollout(RolloutContext.of(request));
	}

	private RolloutResponse runAndGet(RolloutRequest request) {
		return run(request).block(Duration.ofSeconds(30));
	}

	private static void answer(String body) {
		llm.stubFor(post(urlPathEqualTo(COMPLETIONS_PATH)).willReturn(okJson(body)));
	}

	private static String toolCallAnswer(String arguments) {
		Map<String, Object> call = Map.of("id", "call_42", "type", "function", "function",
				Map.of("name", "classify", "arguments", arguments));
		return TaskAppJson.mapper()
			.writeValueAsString(Map.of("id", "chatcmpl-1", "object", "chat.completion", "choices",
					List.of(Map.of("index", 0, "finish_reason", "tool_calls", "message",
							Map.of("role", "assistant", "tool_calls", List.of(call))))));
	}

	private static String intentAnswer(String intent) {
		return toolCallAnswer("{\"intent\": \"" + intent + "\"}");
	}

	private static String textAnswer(String text) {
		return TaskAppJson.mapper()
			.writeValueAsString(Map.of("choices", List.of(Map.of("index", 0, "finish_reason", "stop", "message",
					Map.of("role", "assistant", "content", text)))));
	}

	private static RolloutStep onlyStep(RolloutResponse response) {
		assertThat(response.trajectories()).hasSize(1);
		assertThat(response.trajectories().get(0).steps()).hasSize(1);
		return response.trajectories().get(0).steps().get(0);
	}

	private static LoggedRequest onlyLlmRequest() {
		List<LoggedRequest> requests = llm.findAll(postRequestedFor(urlPathEqualTo(COMPLETIONS_PATH)));
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private static String otherIntentThan(String intent) {
		return dataset.intents().stream().filter((candidate) -> !candidate.equals(intent)).findFirst().orElseThrow();
	}

	@Test
	void rightIntentEarnsRewardOne() {
		Banking77Dataset.Example example = dataset.sample("train", 7);
		answer(intentAnswer(example.label()));
		RolloutResponse response = runAndGet(requestForSeed(7));
		RolloutStep step = onlyStep(response);
		assertThat(step.reward()).isEqualTo(1.0);
		assertThat(step.done()).isTrue();
		assertThat(step.info()).containsEntry("expected", example.label())
			.containsEntry("predicted", example.label())
			.containsEntry("correct", true)
			.containsEntry("meta", Map.of("inference_url", inferenceUrl()))
			.doesNotContainKey("error");
		assertThat(response.metrics().meanReturn()).isEqualTo(1.0);
		assertThat(response.metrics().episodeReturns()).containsExactly(1.0);
		assertThat(response.metrics().numSteps()).isEqualTo(1);
		assertThat(response.metrics().outcomeScore()).isEqualTo(1.0);
	}

	@Test
	void responseDescribesTheEpisode() {
		Banking77Dataset.Example example = dataset.sample("train", 7);
		answer(intentAnswer(example.label()));
		RolloutResponse response = runAndGet(requestForSeed(7));
		RolloutTrajectory trajectory = response.trajectories().get(0);
		assertThat(response.runId()).isEqualTo("run_1");
		assertThat(trajectory.envId()).isEqualTo("banking77::train::7");
		assertThat(trajectory.policyId()).isEqualTo("policy_1");
		assertThat(trajectory.inferenceUrl()).isEqualTo(inferenceUrl());
		assertThat(trajectory.length()).isEqualTo(1);
		RolloutStep step = trajectory.steps().get(0);
		assertThat(step.obs()).containsExactly(Map.entry("query", example.text()), Map.entry("index", 7),
				Map.entry("split", "train"));
		assertThat(step.toolCalls()).containsExactly(
				ToolCall.function("call_42", "classify", "{\"intent\": \"" + example.label() + "\"}"));
		assertThat(response.pipelineMetadata()).containsEntry("inference_url", inferenceUrl());
		assertThat(response.traceCorrelationId()).isEqualTo("trace_abc123");
	}

	@Test
	void wrongIntentEarnsRewardZero() {
		Banking77Dataset.Example example = dataset.sample("train", 3);
		String wrong = otherIntentThan(example.label());
		answer(intentAnswer(wrong));
		RolloutStep step = onlyStep(runAndGet(requestForSeed(3)));
		assertThat(step.reward()).isEqualTo(0.0);
		assertThat(step.info()).containsEntry("predicted", wrong)
			.containsEntry("correct", false)
			.doesNotContainKey("error");
	}

	@Test
	void predictionIsComparedTrimmedAndCaseInsensitively() {
		Banking77Dataset.Example example = dataset.sample("train", 4);
		answer(intentAnswer("  " + example.label().toUpperCase() + " "));
		assertThat(onlyStep(runAndGet(requestForSeed(4))).reward()).isEqualTo(1.0);
	}

	@Test
	void modelIsAskedToClassifyWithTheTool() {
		Banking77Dataset.Example example = dataset.sample("train", 0);
		answer(intentAnswer(example.label()));
		runAndGet(requestForSeed(0));
		LoggedRequest sent = onlyLlmRequest();
		assertThat(sent.queryParameter("cid").firstValue()).isEqualTo("trace_abc123");
		assertThat(sent.getHeader("Content-Type")).startsWith("application/json");
		JsonNode body = TaskAppJson.mapper().readTree(sent.getBodyAsString());
		assertThat(body.path("model").stringValue()).isEqualTo("gpt-4o-mini");
		assertThat(body.path("temperature").doubleValue()).isEqualTo(0.0);
		assertThat(body.path("max_completion_tokens").intValue()).isEqualTo(512);
		assertThat(body.path("messages")).hasSize(2);
		assertThat(body.path("messages").path(0).path("role").stringValue()).isEqualTo("system");
		assertThat(body.path("messages").path(0).path("content").stringValue())
			.contains(String.join(", ", dataset.intents()));
		assertThat(body.path("messages").path(1).path("role").stringValue()).isEqualTo("user");
		assertThat(body.path("messages").path(1).path("content").stringValue()).contains(example.text());
		JsonNode tool = body.path("tools").path(0);
		assertThat(tool.path("type").stringValue()).isEqualTo("function");
		assertThat(tool.path("function").path("name").stringValue()).isEqualTo("classify");
		JsonNode intent = tool.path("function").path("parameters").path("properties").path("intent");
		assertThat(intent.path("type").stringValue()).isEqualTo("string");
		assertThat(intent.path("enum").valueStream().map(JsonNode::stringValue).toList())
			.isEqualTo(dataset.intents());
		assertThat(body.path("tool_choice").path("type").stringValue()).isEqualTo("function");
		assertThat(body.path("tool_choice").path("function").path("name").stringValue()).isEqualTo("classify");
	}

	@Test
	void policySettingsAndPromptTemplateAreSentToTheModel() {
		answer(intentAnswer("card_arrival"));
		Map<String, Object> template = Map.of("prompt_sections",
				List.of(Map.of("role", "user", "pattern", "Customer query: {query}\n\nClassify into one of: {intents}",
						"order", 1), Map.of("role", "system", "content", "You are a banking intent classifier.")));
		runAndGet(request(Map.of("split", "test", "seed", 5), Map.of("model", "llama-3.1-8b-instant", "temperature",
				0.7, "max_tokens", 64, "prompt_template", template), OutputMode.TOOL_CALLS));
		JsonNode body = TaskAppJson.mapper().readTree(onlyLlmRequest().getBodyAsString());
		assertThat(body.path("model").stringValue()).isEqualTo("llama-3.1-8b-instant");
		assertThat(body.path("temperature").doubleValue()).isEqualTo(0.7);
		assertThat(body.path("max_completion_tokens").intValue()).isEqualTo(64);
		assertThat(body.path("messages").path(0).path("content").stringValue())
			.isEqualTo("You are a banking intent classifier.");
		assertThat(body.path("messages").path(1).path("content").stringValue())
			.isEqualTo("Customer query: " + dataset.sample("test", 5).text() + "\n\nClassify into one of: "
					+ String.join(", ", dataset.intents()));
	}

	@Test
	void splitAndSeedComeFromEnvConfig() {
		Banking77Dataset.Example example = dataset.sample("test", -1);
		answer(intentAnswer(example.label()));
		RolloutResponse response = runAndGet(request(Map.of("split", "test", "seed", -1), Map.of(),
				OutputMode.TOOL_CALLS));
		assertThat(response.trajectories().get(0).envId()).isEqualTo("banking77::test::-1");
		assertThat(onlyStep(response).obs()).containsEntry("query", example.text())
			.containsEntry("index", dataset.size("test") - 1)
			.containsEntry("split", "test");
		assertThat(onlyStep(response).reward()).isEqualTo(1.0);
	}

	@Test
	void missingSeedIsSeedZero() {
		answer(intentAnswer(dataset.sample("train", 0).label()));
		RolloutResponse response = runAndGet(request(Map.of(), Map.of(), OutputMode.TOOL_CALLS));
		assertThat(response.trajectories().get(0).envId()).isEqualTo("banking77::train::0");
		assertThat(onlyStep(response).reward()).isEqualTo(1.0);
	}

	@Test
	void malformedToolArgumentsEarnZeroWithAnError() {
		answer(toolCallAnswer("{\"intent\": \"card_arr"));
		RolloutResponse response = runAndGet(requestForSeed(1));
		RolloutStep step = onlyStep(response);
		assertThat(step.reward()).isEqualTo(0.0);
		assertThat(step.info()).containsEntry("predicted", null).containsEntry("correct", false);
		assertThat((String) step.info().get("error")).contains("not valid JSON");
		assertThat(step.toolCalls()).extracting((call) -> call.function().arguments())
			.containsExactly("{\"intent\": \"card_arr");
		assertThat(response.metrics().meanReturn()).isEqualTo(0.0);
	}

	@Test
	void toolArgumentsWithoutAnIntentEarnZeroWithAnError() {
		answer(toolCallAnswer("{\"label\": \"card_arrival\"}"));
		RolloutStep step = onlyStep(runAndGet(requestForSeed(1)));
		assertThat(step.reward()).isEqualTo(0.0);
		assertThat((String) step.info().get("error")).contains("no string 'intent'");
	}

	@Test
	void textOnlyAnswerIsParsedForAnIntentName() {
		Banking77Dataset.Example example = dataset.sample("train", 2);
		answer(textAnswer("The customer's intent is: " + example.label().toUpperCase() + "."));
		RolloutStep step = onlyStep(runAndGet(requestForSeed(2)));
		assertThat(step.reward()).isEqualTo(1.0);
		assertThat(step.toolCalls()).isEmpty();
		assertThat(step.info()).containsEntry("predicted", example.label()).doesNotContainKey("error");
	}

	@Test
	void textAnswerNamingSeveralIntentsTakesTheLongest() {
		assertThat(this.rollout.intentIn("Not card_arrival: direct_debit_payment_not_recognised"))
			.isEqualTo("direct_debit_payment_not_recognised");
		assertThat(this.rollout.intentIn("change_pin or pin_blocked?")).isEqualTo("pin_blocked");
		assertThat(this.rollout.intentIn("top_up_failed, then exchange_rate")).isEqualTo("top_up_failed");
		assertThat(this.rollout.intentIn("no idea")).isNull();
	}

	@Test
	void answerNamingNoIntentEarnsZeroWithAnError() {
		answer(textAnswer("I am not sure what the customer wants."));
		RolloutStep step = onlyStep(runAndGet(requestForSeed(2)));
		assertThat(step.reward()).isEqualTo(0.0);
		assertThat(step.info()).containsEntry("predicted", null);
		assertThat((String) step.info().get("error")).contains("made no classify call");
	}

	@Test
	void textOutputModeOffersNoTool() {
		Banking77Dataset.Example example = dataset.sample("train", 9);
		answer(textAnswer(example.label()));
		RolloutStep step = onlyStep(runAndGet(request(Map.of("seed", 9), Map.of(), OutputMode.TEXT)));
		assertThat(step.reward()).isEqualTo(1.0);
		JsonNode body = TaskAppJson.mapper().readTree(onlyLlmRequest().getBodyAsString());
		assertThat(body.has("tools")).isFalse();
		assertThat(body.has("tool_choice")).isFalse();
	}

	@Test
	void llmErrorStatusIsA502NamingTheStatus() {
		llm.stubFor(post(urlPathEqualTo(COMPLETIONS_PATH))
			.willReturn(aResponse().withStatus(500).withBody("{\"error\": {\"message\": \"model overloaded\"}}")));
		StepVerifier.create(run(requestForSeed(0))).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TaskAppHttpException.class);
			assertThat(((TaskAppHttpException) ex).getStatus()).isEqualTo(502);
			assertThat(ex.getMessage()).isEqualTo("LLM at 127.0.0.1:" + llm.port()
					+ " answered 500: {\"error\": {\"message\": \"model overloaded\"}}");
		}).verify(Duration.ofSeconds(30));
	}

	@Test
	void llmThatIsBusyIsPassedOnAsBusyNeverAs500() {
		for (int status : new int[] { 429, 503 }) {
			llm.resetAll();
			llm.stubFor(post(urlPathEqualTo(COMPLETIONS_PATH))
				.willReturn(aResponse().withStatus(status).withBody("{\"error\": \"slow down\"}")));
			StepVerifier.create(run(requestForSeed(0))).expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(TaskAppHttpException.class);
				assertThat(((TaskAppHttpException) ex).getStatus()).isEqualTo(status);
				assertThat(((TaskAppHttpException) ex).getCode()).isEqualTo("upstream_busy");
				assertThat(ex.getMessage()).contains("answered " + status, "slow down");
			}).verify(Duration.ofSeconds(30));
		}
	}

	@Test
	void longErrorBodyIsCutToItsFirst200Characters() {
		llm.stubFor(post(urlPathEqualTo(COMPLETIONS_PATH))
			.willReturn(aResponse().withStatus(500).withBody("x".repeat(500))));
		StepVerifier.create(run(requestForSeed(0)))
			.expectErrorSatisfies((ex) -> assertThat(ex.getMessage()).contains("answered 500: " + "x".repeat(200))
				.doesNotContain("x".repeat(201)))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void slowLlmIsA502AfterTheConfiguredTimeout() {
		this.rollout = rollout(Duration.ofMillis(300));
		llm.stubFor(post(urlPathEqualTo(COMPLETIONS_PATH))
			.willReturn(okJson(intentAnswer("card_arrival")).withFixedDelay(3000)));
		StepVerifier.create(run(requestForSeed(0))).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TaskAppHttpException.class);
			assertThat(((TaskAppHttpException) ex).getStatus()).isEqualTo(502);
			assertThat(ex.getMessage()).isEqualTo("LLM at 127.0.0.1:" + llm.port() + " did not answer within 300 ms");
		}).verify(Duration.ofSeconds(10));
	}

	@Test
	void unreachableLlmIsA502NamingTheCause() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		RolloutRequest request = RolloutRequest.of("run_1", RolloutEnvSpec.ofSeed(0), RolloutPolicySpec
			.ofConfig(Map.of("inference_url", "http://127.0.0.1:" + closedPort + "/v1?cid=trace_abc123")));
		StepVerifier.create(this.rollout.rollout(RolloutContext.of(request))).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TaskAppHttpException.class);
			assertThat(((TaskAppHttpException) ex).getStatus()).isEqualTo(502);
			assertThat(ex.getMessage()).startsWith("LLM at 127.0.0.1:" + closedPort + " could not be reached: ")
				.containsIgnoringCase("refused");
		}).verify(Duration.ofSeconds(30));
	}

	@Test
	void tlsToAPlainHttpServerIsA502InPlainWordsWithoutClassNamesOrTheUpstreamsBytes() {
		RolloutRequest request = RolloutRequest.of("run_1", RolloutEnvSpec.ofSeed(0),
				RolloutPolicySpec.ofConfig(Map.of("inference_url", "https://127.0.0.1:" + llm.port() + "/v1")));
		StepVerifier.create(this.rollout.rollout(RolloutContext.of(request))).expectErrorSatisfies((ex) -> {
			assertThat(((TaskAppHttpException) ex).getStatus()).isEqualTo(502);
			assertThat(ex.getMessage()).isEqualTo("LLM at 127.0.0.1:" + llm.port()
					+ " failed: TLS failed (does the URL's scheme, http or https, match the server?)");
		}).verify(Duration.ofSeconds(30));
	}

	@Test
	void answerThatIsNotJsonIsA502() {
		llm.stubFor(post(urlPathEqualTo(COMPLETIONS_PATH)).willReturn(aResponse().withStatus(200).withBody("<html>")));
		StepVerifier.create(run(requestForSeed(0)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(TaskAppHttpException.class)
				.hasMessageContaining("not JSON: <html>"))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void answerWithoutChoicesIsA502() {
		answer("{\"choices\": []}");
		StepVerifier.create(run(requestForSeed(0)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(TaskAppHttpException.class)
				.hasMessageContaining("choices[0].message"))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void missingInferenceUrlIsA400() {
		RolloutRequest request = RolloutRequest.of("run_1", RolloutEnvSpec.ofSeed(0),
				RolloutPolicySpec.ofConfig(Map.of("model", "gpt-4o-mini")));
		StepVerifier.create(this.rollout.rollout(RolloutContext.of(request)))
			.expectErrorSatisfies((ex) -> assertThat(((TaskAppHttpException) ex).getStatus()).isEqualTo(400))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void unknownSplitIsA400() {
		StepVerifier.create(run(request(Map.of("split", "validation"), Map.of(), OutputMode.TOOL_CALLS)))
			.expectErrorSatisfies((ex) -> {
				assertThat(((TaskAppHttpException) ex).getStatus()).isEqualTo(400);
				assertThat(((TaskAppHttpException) ex).getCode()).isEqualTo("invalid_split");
			})
			.verify(Duration.ofSeconds(5));
		assertThat(llm.getAllServeEvents()).isEmpty();
	}

	@Test
	void policySettingThatIsNotANumberIsA400() {
		StepVerifier.create(run(request(Map.of(), Map.of("temperature", "NaN"), OutputMode.TOOL_CALLS)))
			.expectErrorSatisfies((ex) -> {
				assertThat(((TaskAppHttpException) ex).getStatus()).isEqualTo(400);
				assertThat(ex.getMessage()).contains("policy.config.temperature");
			})
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(run(request(Map.of(), Map.of("max_completion_tokens", 0), OutputMode.TOOL_CALLS)))
			.expectErrorSatisfies((ex) -> assertThat(ex.getMessage()).contains("policy.config.max_completion_tokens"))
			.verify(Duration.ofSeconds(5));
		assertThat(llm.getAllServeEvents()).isEmpty();
	}

	@Test
	void malformedPromptTemplateIsA400() {
		Map<String, Object> template = Map.of("sections", List.of(Map.of("content", "no role")));
		StepVerifier.create(run(request(Map.of(), Map.of("prompt_template", template), OutputMode.TOOL_CALLS)))
			.expectErrorSatisfies((ex) -> {
				assertThat(((TaskAppHttpException) ex).getStatus()).isEqualTo(400);
				assertThat(((TaskAppHttpException) ex).getCode()).isEqualTo("invalid_prompt_template");
			})
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void nonVendorHostGetsNoAuthorizationAndNoTaskAppKey() {
		answer(intentAnswer("card_arrival"));
		runAndGet(requestForSeed(0));
		LoggedRequest sent = onlyLlmRequest();
		assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(sent.getHeader("Accept")).isEqualTo("application/json");
		assertThat(sent.containsHeader("Authorization")).isFalse();
		assertThat(sent.containsHeader("X-API-Key")).isFalse();
		assertThat(sent.containsHeader("X-API-Keys")).isFalse();
		for (HttpHeader header : sent.getHeaders().all()) {
			assertThat(header.values()).as(header.key())
				.noneMatch((value) -> value.contains(TASK_APP_KEY) || value.contains(OPENAI_KEY));
		}
		assertThat(sent.getBodyAsString()).doesNotContain(TASK_APP_KEY).doesNotContain(OPENAI_KEY);
	}

	@Test
	void responseWithCidInTheInferenceUrlPassesTheRlValidator() {
		answer(intentAnswer(dataset.sample("train", 11).label()));
		RolloutResponse response = runAndGet(requestForSeed(11));
		JsonNode json = TaskAppJson.mapper().readTree(TaskAppJson.mapper().writeValueAsString(response));
		assertThat(RlResponseRules.issues(json)).isEmpty();
		assertThat(json.path("pipeline_metadata").path("inference_url").stringValue()).contains("?cid=trace_abc123");
		assertThat(json.path("trajectories").path(0).path("steps").path(0).path("info").path("meta")
			.path("inference_url").stringValue()).isEqualTo(inferenceUrl());
		assertThat(json.path("trace_correlation_id").stringValue()).isEqualTo("trace_abc123");
		assertThat(json.propertyNames()).containsExactlyInAnyOrder("run_id", "trajectories", "branches", "metrics",
				"aborted", "ops_executed", "trace_correlation_id", "trace", "pipeline_metadata");
	}

	@Test
	void responseWithoutCidIsFlaggedByTheRlValidator() {
		answer(intentAnswer("card_arrival"));
		RolloutRequest request = RolloutRequest.of("run_1", RolloutEnvSpec.ofSeed(0), RolloutPolicySpec
			.ofConfig(Map.of("inference_url", "http://127.0.0.1:" + llm.port() + "/v1/trial-xyz")));
		RolloutResponse response = this.rollout.rollout(RolloutContext.of(request)).block(Duration.ofSeconds(30));
		JsonNode json = TaskAppJson.mapper().readTree(TaskAppJson.mapper().writeValueAsString(response));
		assertThat(RlResponseRules.issues(json)).singleElement()
			.asString()
			.startsWith("pipeline_metadata['inference_url'] should contain '?cid='");
		assertThat(json.path("trajectories").path(0).path("policy_id").stringValue()).isEqualTo("policy");
	}

}
