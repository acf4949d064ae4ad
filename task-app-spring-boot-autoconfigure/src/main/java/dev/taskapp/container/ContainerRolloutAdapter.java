package dev.taskapp.container;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.PromptProgram;
import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutMetrics;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.RolloutStep;
import dev.taskapp.contract.RolloutTrajectory;
import dev.taskapp.tracing.LmCall;
import dev.taskapp.tracing.TraceRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Maps a container rollout to the task app's handler and back: the request becomes the
 * task-app {@link RolloutRequest} a handler already understands (the typed policy in
 * {@code policy.config}, the program with the candidate applied as its
 * {@code prompt_template}, the row's split and seed in {@code env}), and the handler's
 * {@link RolloutResponse} becomes the container's rollout response.
 */
final class ContainerRolloutAdapter {

	private final TaskAppConfig config;

	ContainerRolloutAdapter(TaskAppConfig config) {
		this.config = config;
	}

	/**
	 * Returns the context the handler runs the rollout with.
	 * @param request the container request
	 * @return the context
	 * @throws ContainerError (422) if the inference URL cannot be used
	 */
	RolloutContext context(ContainerRolloutRequest request) {
		Map<String, String> candidate = candidate(request);
		RolloutRequest taskAppRequest = new RolloutRequest(request.rolloutId(), env(request),
				RolloutPolicySpec.ofConfig(policyConfig(request, candidate)), List.of(), null, null, null, null, null,
				null, request.traceCorrelationId());
		try {
			return RolloutContext.of(taskAppRequest, true).withContainerInputs(candidate, request.policy(),
					request.task());
		}
		catch (IllegalArgumentException ex) {
			throw ContainerError.invalid("policy.inference_url", String.valueOf(ex.getMessage()));
		}
	}

	private Map<String, String> candidate(ContainerRolloutRequest request) {
		Map<String, String> candidate = new LinkedHashMap<>();
		PromptProgram program = this.config.program();
		if (program != null) {
			candidate.putAll(program.seedCandidate());
		}
		candidate.putAll(request.candidate());
		return candidate;
	}

	private static RolloutEnvSpec env(ContainerRolloutRequest request) {
		Map<String, Object> envConfig = new LinkedHashMap<>(request.envConfig());
		Object split = request.task().get("split");
		if (split != null) {
			envConfig.put("split", split);
		}
		envConfig.put("task", request.task());
		Integer seed = (request.task().get("seed") instanceof Number number) ? number.intValue() : null;
		return new RolloutEnvSpec(null, null, envConfig, seed);
	}

	private Map<String, Object> policyConfig(ContainerRolloutRequest request, Map<String, String> candidate) {
		Map<String, Object> policyConfig = new LinkedHashMap<>(request.policyConfig());
		putIfSet(policyConfig, "provider", request.policy().provider());
		putIfSet(policyConfig, "model", request.policy().model());
		putIfSet(policyConfig, "inference_url", request.policy().inferenceUrl());
		putIfSet(policyConfig, "api_family", request.policy().apiFamily());
		putIfSet(policyConfig, "max_tokens", request.policy().maxTokens());
		PromptProgram program = this.config.program();
		if (program != null) {
			List<Map<String, Object>> sections = new ArrayList<>();
			for (Map<String, String> message : program.render(candidate)) {
				Map<String, Object> section = new LinkedHashMap<>(message);
				section.put("order", sections.size());
				sections.add(section);
			}
			policyConfig.put("prompt_template", Map.of("prompt_sections", sections));
		}
		policyConfig.put("candidate", candidate);
		return policyConfig;
	}

	private static void putIfSet(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	/**
	 * Words the handler's answer as the container's rollout response.
	 * @param request the container request
	 * @param response the handler's response
	 * @param traces the LM calls the handler recorded
	 * @param createdAt when the rollout was accepted
	 * @param submissionMode {@code sync} or {@code async}
	 * @return the response body
	 */
	Map<String, Object> completed(ContainerRolloutRequest request, RolloutResponse response, TraceRecorder traces,
			Instant createdAt, String submissionMode) {
		double reward = reward(response.metrics());
		Map<String, Object> lastInfo = lastStepInfo(response);
		Map<String, Object> body = base(request, response.aborted() ? RolloutStatus.FAILED : RolloutStatus.COMPLETED,
				response.aborted() ? "failure" : "success", createdAt, submissionMode);
		Map<String, Object> details = new LinkedHashMap<>(lastInfo);
		details.put("objective", objective());
		Map<String, Object> rewardInfo = new LinkedHashMap<>();
		rewardInfo.put("outcome_reward", reward);
		rewardInfo.put("event_rewards", List.of(Map.of("reward", reward, "kind", "outcome")));
		rewardInfo.put("details", details);
		body.put("reward_info", rewardInfo);
		body.put("objective_scores", List.of(Map.of("objective", objective(), "value", reward, "source", "task_app")));
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("outcome_reward", reward);
		summary.put("num_steps", response.metrics().numSteps());
		body.put("summary", summary);
		body.put("usage", usage(traces.calls()));
		body.put("actionable_side_info", sideInfo(response, lastInfo));
		return body;
	}

	/**
	 * Words a rollout that has not finished, or finished without an answer.
	 * @param request the container request
	 * @param status the state
	 * @param createdAt when the rollout was accepted
	 * @param submissionMode {@code sync} or {@code async}
	 * @param detail why it failed or ended, or {@code null}
	 * @return the response body
	 */
	Map<String, Object> pending(ContainerRolloutRequest request, RolloutStatus status, Instant createdAt,
			String submissionMode, @Nullable String detail) {
		String successStatus = switch (status) {
			case QUEUED, RUNNING -> "running";
			case COMPLETED -> "success";
			case FAILED -> "failure";
			case CANCELLED -> "cancelled";
		};
		Map<String, Object> body = base(request, status, successStatus, createdAt, submissionMode);
		if (detail != null) {
			body.put("status_detail", detail);
		}
		body.put("summary", Map.of());
		return body;
	}

	private Map<String, Object> base(ContainerRolloutRequest request, RolloutStatus status, String successStatus,
			Instant createdAt, String submissionMode) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("rollout_id", request.rolloutId());
		body.put("trace_correlation_id", request.traceCorrelationId());
		if (request.trialId() != null) {
			body.put("trial_id", request.trialId());
		}
		body.put("status", status.wire());
		body.put("success_status", successStatus);
		if (request.task().get("task_id") instanceof String taskId) {
			body.put("task_id", taskId);
		}
		if (request.task().get("seed") instanceof Number seed) {
			body.put("seed", seed.intValue());
		}
		body.put("created_at", createdAt.toString());
		body.put("updated_at", Instant.now().toString());
		body.put("metadata", Map.of("submission_mode", submissionMode, "service", this.config.appId()));
		return body;
	}

	private String objective() {
		PromptProgram program = this.config.program();
		return (program != null) ? program.objective() : "reward";
	}

	private static double reward(RolloutMetrics metrics) {
		return (metrics.outcomeScore() != null) ? metrics.outcomeScore() : metrics.meanReturn();
	}

	private static Map<String, Object> lastStepInfo(RolloutResponse response) {
		RolloutStep step = lastStep(response);
		return (step != null) ? step.info() : Map.of();
	}

	private static @Nullable RolloutStep lastStep(RolloutResponse response) {
		for (int i = response.trajectories().size() - 1; i >= 0; i--) {
			RolloutTrajectory trajectory = response.trajectories().get(i);
			if (!trajectory.steps().isEmpty()) {
				return trajectory.steps().get(trajectory.steps().size() - 1);
			}
		}
		return null;
	}

	/**
	 * What GEPA's reflection reads: the prediction and the expected answer when the handler's
	 * step info names them, the observation and the whole info.
	 */
	private static Map<String, Object> sideInfo(RolloutResponse response, Map<String, Object> info) {
		Map<String, Object> side = new LinkedHashMap<>();
		Object prediction = (info.get("prediction") != null) ? info.get("prediction") : info.get("predicted");
		side.put("prediction", prediction);
		side.put("expected", info.get("expected"));
		RolloutStep step = lastStep(response);
		if (step != null) {
			side.put("observation", step.obs());
		}
		side.put("info", info);
		return side;
	}

	private static Map<String, Object> usage(List<LmCall> calls) {
		int prompt = 0;
		int completion = 0;
		int total = 0;
		for (LmCall call : calls) {
			prompt += (call.inputTokens() != null) ? call.inputTokens() : 0;
			completion += (call.outputTokens() != null) ? call.outputTokens() : 0;
			total += (call.totalTokens() != null) ? call.totalTokens()
					: ((call.inputTokens() != null) ? call.inputTokens() : 0)
							+ ((call.outputTokens() != null) ? call.outputTokens() : 0);
		}
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("prompt_tokens", prompt);
		usage.put("completion_tokens", completion);
		usage.put("total_tokens", total);
		usage.put("model_calls", calls.size());
		return usage;
	}

}
