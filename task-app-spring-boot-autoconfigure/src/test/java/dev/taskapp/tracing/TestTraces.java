package dev.taskapp.tracing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskapp.contract.RolloutMetrics;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.RolloutStep;
import dev.taskapp.contract.RolloutTrajectory;
import dev.taskapp.contract.TraceFormat;

/**
 * Rollout traces for tests.
 */
final class TestTraces {

	static final Instant STARTED = Instant.parse("2026-01-02T03:04:05.123456Z");

	private TestTraces() {
	}

	static LmCall call(int seed) {
		Map<String, Object> answer = TraceJson.read(TracedTaskApp.ANSWER.getBytes(StandardCharsets.UTF_8));
		return LmCall.fromChatCompletion(TracedTaskApp.chatRequest(seed), answer, STARTED, STARTED.plusMillis(250));
	}

	static RolloutTrace answered(String runId, int seed, double reward) {
		RolloutRequest request = TracedTaskApp.request(runId, seed, false, TraceFormat.COMPACT);
		return new RolloutTrace(UUID.randomUUID().toString(), TracedTaskApp.APP_ID, request, "trace_" + runId, STARTED,
				STARTED.plusSeconds(1), RolloutOutcome.SUCCESS, 200, response(request, reward), List.of(call(seed)));
	}

	static RolloutTrace failed(String runId, int seed) {
		RolloutRequest request = TracedTaskApp.request(runId, seed, false, TraceFormat.COMPACT);
		return new RolloutTrace(UUID.randomUUID().toString(), TracedTaskApp.APP_ID, request, null, STARTED,
				STARTED.plusSeconds(1), RolloutOutcome.SERVER_ERROR, 500, null, List.of(call(seed)));
	}

	static RolloutResponse response(RolloutRequest request, double reward) {
		RolloutStep step = RolloutStep.builder().obs(Map.of("seed", 1)).reward(reward).done(true).build();
		return RolloutResponse.builder(request)
			.trajectory(RolloutTrajectory.of("traced::train::1", "policy-1", "http://llm.test/v1", List.of(step)))
			.metrics(RolloutMetrics.ofSingleEpisode(reward, 1))
			.build();
	}

}
