package dev.taskapp.contract;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The steps of one episode.
 *
 * @param envId identifier of the environment instance, {@code "<task>::<split>::<seed>"}
 * is recommended
 * @param policyId the request's policy id or policy name
 * @param steps the steps
 * @param finalState free-form final state, if any (wire name {@code final})
 * @param length number of steps
 * @param inferenceUrl the inference URL the policy was called with, {@code ?cid=} kept
 * @param trace the trajectory's trace, if any
 * @param decisionSamples decision samples, if any
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolloutTrajectory(@JsonProperty("env_id") String envId, @JsonProperty("policy_id") String policyId,
		@JsonProperty("steps") List<RolloutStep> steps, @JsonProperty("final") @Nullable Map<String, Object> finalState,
		@JsonProperty("length") int length, @JsonProperty("inference_url") String inferenceUrl,
		@JsonProperty("trace") @Nullable Map<String, Object> trace,
		@JsonProperty("decision_samples") @Nullable List<Map<String, Object>> decisionSamples) {

	/**
	 * Creates a trajectory.
	 */
	public RolloutTrajectory {
		steps = Maps.immutable(steps);
		finalState = Maps.immutableOrNull(finalState);
		trace = Maps.immutableOrNull(trace);
	}

	/**
	 * Returns a trajectory of the given steps with no final state, trace or samples; its
	 * length is the number of steps.
	 * @param envId identifier of the environment instance
	 * @param policyId the policy id
	 * @param inferenceUrl the inference URL the policy was called with
	 * @param steps the steps
	 * @return the trajectory
	 */
	public static RolloutTrajectory of(String envId, String policyId, String inferenceUrl, List<RolloutStep> steps) {
		return new RolloutTrajectory(envId, policyId, steps, null, steps.size(), inferenceUrl, null, null);
	}

}
