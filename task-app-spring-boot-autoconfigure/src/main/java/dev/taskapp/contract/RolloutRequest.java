package dev.taskapp.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /rollout}: run one episode of the task with the given policy.
 *
 * @param runId identifier of the run, echoed in the response
 * @param env the environment and task instance
 * @param policy the policy to evaluate
 * @param ops operations to execute; empty when the caller sends none
 * @param record what to record, {@link RolloutRecordConfig#DEFAULTS} when absent
 * @param onDone what to do when the episode ends, {@code reset} by default
 * @param safety limits of the rollout, {@link RolloutSafetyConfig#DEFAULTS} when absent
 * @param trainingSessionId identifier of the training session, if any
 * @param synthBaseUrl base URL of the Synth backend that sent the request, if any
 * @param mode why the caller runs the rollout; {@code null} when the caller does not say
 * @param traceCorrelationId correlation id of the trace, if the caller sends one
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolloutRequest(@JsonProperty("run_id") String runId, @JsonProperty("env") RolloutEnvSpec env,
		@JsonProperty("policy") RolloutPolicySpec policy, @JsonProperty("ops") List<Object> ops,
		@JsonProperty("record") RolloutRecordConfig record, @JsonProperty("on_done") String onDone,
		@JsonProperty("safety") RolloutSafetyConfig safety,
		@JsonProperty("training_session_id") @Nullable String trainingSessionId,
		@JsonProperty("synth_base_url") @Nullable String synthBaseUrl, @JsonProperty("mode") @Nullable RolloutMode mode,
		@JsonProperty("trace_correlation_id") @Nullable String traceCorrelationId) {

	/** Default of {@code on_done}. */
	public static final String DEFAULT_ON_DONE = "reset";

	/**
	 * Creates a rollout request, filling in the defaults of missing optional parts.
	 */
	public RolloutRequest {
		ops = Maps.immutable(ops);
		record = (record != null) ? record : RolloutRecordConfig.DEFAULTS;
		onDone = (onDone != null) ? onDone : DEFAULT_ON_DONE;
		safety = (safety != null) ? safety : RolloutSafetyConfig.DEFAULTS;
	}

	/**
	 * Returns a request with the required parts and every optional part at its default.
	 * @param runId identifier of the run
	 * @param env the environment
	 * @param policy the policy
	 * @return the request
	 */
	public static RolloutRequest of(String runId, RolloutEnvSpec env, RolloutPolicySpec policy) {
		return new RolloutRequest(runId, env, policy, List.of(), RolloutRecordConfig.DEFAULTS, DEFAULT_ON_DONE,
				RolloutSafetyConfig.DEFAULTS, null, null, RolloutMode.EVAL, null);
	}

}
