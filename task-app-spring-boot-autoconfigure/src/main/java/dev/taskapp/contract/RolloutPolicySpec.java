package dev.taskapp.contract;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The policy a rollout evaluates: its identity and its free-form configuration (model,
 * {@code inference_url}, {@code prompt_template}, sampling settings, …).
 *
 * @param policyId identifier of the policy
 * @param policyName name of the policy
 * @param config free-form policy configuration
 * @param outputMode how the policy answers, {@link OutputMode#TOOL_CALLS} by default
 * @param structuredConfig schema of structured answers, if any
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolloutPolicySpec(@JsonProperty("policy_id") @Nullable String policyId,
		@JsonProperty("policy_name") @Nullable String policyName, @JsonProperty("config") Map<String, Object> config,
		@JsonProperty("output_mode") OutputMode outputMode,
		@JsonProperty("structured_config") @Nullable StructuredOutputConfig structuredConfig) {

	/**
	 * Creates a policy spec, filling in the defaults of missing parts.
	 */
	public RolloutPolicySpec {
		config = Maps.immutable(config);
		outputMode = (outputMode != null) ? outputMode : OutputMode.TOOL_CALLS;
	}

	/**
	 * Returns a policy spec with only a configuration.
	 * @param config the policy configuration
	 * @return the spec
	 */
	public static RolloutPolicySpec ofConfig(Map<String, Object> config) {
		return new RolloutPolicySpec(null, null, config, OutputMode.TOOL_CALLS, null);
	}

	/**
	 * Returns the inference URL of the configuration: the first of {@code inference_url},
	 * {@code api_base} and {@code base_url} that is set.
	 * @return the inference URL, or {@code null} when none is set
	 */
	@JsonIgnore
	public @Nullable String inferenceUrl() {
		return InferenceUrls.inferenceUrlOf(this.config);
	}

	/**
	 * Returns the identity to echo as a trajectory's {@code policy_id}: the policy id, else
	 * the policy name.
	 * @return the identity, or {@code null} when the caller gave neither
	 */
	@JsonIgnore
	public @Nullable String identity() {
		return (this.policyId != null) ? this.policyId : this.policyName;
	}

}
