package dev.taskapp.tracing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutMetrics;
import dev.taskapp.contract.RolloutMode;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRecordConfig;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.RolloutSafetyConfig;
import dev.taskapp.contract.RolloutStep;
import dev.taskapp.contract.RolloutTrajectory;
import dev.taskapp.contract.TraceFormat;
import dev.taskapp.support.TaskAppJson;
import reactor.core.publisher.Mono;

/**
 * A task app whose rollout "calls" a model without a network: it records one chat-completions
 * exchange with {@code context.traces()} (a {@code classify} tool call answering
 * {@code change_pin}) and scores the seed's parity. {@code policy.config.behaviour}:
 * {@code ok} (the default), {@code slow} (answers after {@code delay_ms}), {@code fail}
 * (throws after the call), {@code upstream} (reports a failed model call), {@code own-trace}
 * (sets its own trace).
 */
final class TracedTaskApp {

	static final String APP_ID = "traced";

	static final String SYSTEM_PROMPT = "You classify banking queries.";

	static final String ANSWER = """
			{"id": "chatcmpl-1", "model": "gpt-test",
			 "choices": [{"index": 0, "finish_reason": "tool_calls",
			              "message": {"role": "assistant", "content": null,
			                          "tool_calls": [{"id": "call_1", "type": "function",
			                                          "function": {"name": "classify",
			                                                       "arguments": "{\\"intent\\": \\"change_pin\\"}"}}]}}],
			 "usage": {"prompt_tokens": 42, "completion_tokens": 7, "total_tokens": 49}}""";

	private TracedTaskApp() {
	}

	static TaskAppConfig config() {
		return TaskAppConfig.builder(APP_ID).rollout(TracedTaskApp::rollout).build();
	}

	static Mono<RolloutResponse> rollout(RolloutContext context) {
		Map<String, Object> config = context.request().policy().config();
		String behaviour = String.valueOf(config.getOrDefault("behaviour", "ok"));
		return switch (behaviour) {
			case "slow" -> Mono.delay(Duration.ofMillis(((Number) config.get("delay_ms")).longValue()))
				.then(Mono.fromCallable(() -> callAndRespond(context)));
			case "fail" -> Mono.fromCallable(() -> {
				callModel(context);
				throw new IllegalStateException("scripted failure");
			});
			case "upstream" -> Mono.error(TaskAppHttpException.upstream("LLM at llm.test answered 500"));
			case "own-trace" -> Mono.fromCallable(() -> {
				RolloutResponse response = callAndRespond(context);
				return new RolloutResponse(response.runId(), response.trajectories(), response.branches(),
						response.metrics(), false, 1, null, Map.of("mine", true), Map.of());
			});
			default -> Mono.fromCallable(() -> callAndRespond(context));
		};
	}

	static Map<String, Object> chatRequest(int seed) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", "gpt-test");
		body.put("messages", List.of(Map.of("role", "system", "content", SYSTEM_PROMPT),
				Map.of("role", "user", "content", "query " + seed)));
		body.put("temperature", 0.0);
		body.put("tools", List.of(Map.of("type", "function", "function", Map.of("name", "classify"))));
		return body;
	}

	private static void callModel(RolloutContext context) {
		Integer seed = context.request().env().resolvedSeed();
		Instant startedAt = Instant.now();
		context.traces()
			.recordChatCompletion(chatRequest((seed != null) ? seed : 0), ANSWER.getBytes(StandardCharsets.UTF_8),
					startedAt, startedAt.plusMillis(12));
	}

	private static RolloutResponse callAndRespond(RolloutContext context) {
		callModel(context);
		Integer seed = context.request().env().resolvedSeed();
		double reward = (seed != null && seed % 2 == 0) ? 1.0 : 0.0;
		String inferenceUrl = (context.inferenceUrl() != null) ? context.inferenceUrl() : "";
		RolloutStep step = RolloutStep.builder()
			.obs(Map.of("seed", String.valueOf(seed)))
			.reward(reward)
			.done(true)
			.info(Map.of("meta", Map.of("inference_url", inferenceUrl)))
			.build();
		return RolloutResponse.builder(context.request())
			.trajectory(RolloutTrajectory.of(APP_ID + "::train::" + seed, "policy", inferenceUrl, List.of(step)))
			.metrics(RolloutMetrics.ofSingleEpisode(reward, 1))
			.opsExecuted(1)
			.build();
	}

	static RolloutRequest request(String runId, int seed, boolean returnTrace, TraceFormat format) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("model", "gpt-test");
		config.put("inference_url", "http://llm.test/v1?cid=trace_" + runId);
		return new RolloutRequest(runId, RolloutEnvSpec.ofSeed(seed),
				new RolloutPolicySpec("policy-1", null, config, null, null), List.of(),
				new RolloutRecordConfig(true, false, false, returnTrace, format), null, RolloutSafetyConfig.DEFAULTS,
				null, null, RolloutMode.EVAL, null);
	}

	static String requestJson(String runId, int seed, boolean returnTrace, String traceFormat,
			Map<String, Object> extraConfig) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("model", "gpt-test");
		config.put("inference_url", "http://llm.test/v1?cid=trace_" + runId);
		config.putAll(extraConfig);
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("run_id", runId);
		request.put("env", Map.of("seed", seed));
		request.put("policy", Map.of("policy_id", "policy-1", "config", config));
		request.put("record", Map.of("return_trace", returnTrace, "trace_format", traceFormat));
		request.put("mode", "eval");
		return TaskAppJson.mapper().writeValueAsString(request);
	}

}
