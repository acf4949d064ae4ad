package dev.taskapp.contract;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One step of a trajectory: what the policy saw, what it did and what it earned.
 *
 * @param obs the observation
 * @param toolCalls the tool calls the policy made
 * @param reward the reward of the step, if scored
 * @param done whether the episode ended with this step
 * @param truncated whether the episode was cut short, if known
 * @param info free-form step information; RL training expects {@code info.meta.inference_url}
 * @param output the policy's output: an object, a string, or {@code null}
 * @param outputMode how the policy answered, if recorded
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolloutStep(@JsonProperty("obs") Map<String, Object> obs,
		@JsonProperty("tool_calls") List<ToolCall> toolCalls, @JsonProperty("reward") @Nullable Double reward,
		@JsonProperty("done") boolean done, @JsonProperty("truncated") @Nullable Boolean truncated,
		@JsonProperty("info") @Nullable Map<String, Object> info, @JsonProperty("output") @Nullable Object output,
		@JsonProperty("output_mode") @Nullable OutputMode outputMode) {

	/**
	 * Creates a step.
	 */
	public RolloutStep {
		obs = Maps.immutable(obs);
		toolCalls = Maps.immutable(toolCalls);
		info = Maps.immutableOrNull(info);
	}

	/**
	 * Returns a builder of a step.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builds a {@link RolloutStep}.
	 */
	public static final class Builder {

		private Map<String, Object> obs = Map.of();

		private List<ToolCall> toolCalls = List.of();

		private @Nullable Double reward;

		private boolean done;

		private @Nullable Boolean truncated;

		private @Nullable Map<String, Object> info;

		private @Nullable Object output;

		private @Nullable OutputMode outputMode;

		private Builder() {
		}

		/**
		 * Sets the observation.
		 * @param obs the observation
		 * @return this builder
		 */
		public Builder obs(Map<String, Object> obs) {
			this.obs = obs;
			return this;
		}

		/**
		 * Sets the tool calls.
		 * @param toolCalls the tool calls
		 * @return this builder
		 */
		public Builder toolCalls(List<ToolCall> toolCalls) {
			this.toolCalls = toolCalls;
			return this;
		}

		/**
		 * Sets the reward.
		 * @param reward the reward
		 * @return this builder
		 */
		public Builder reward(@Nullable Double reward) {
			this.reward = reward;
			return this;
		}

		/**
		 * Sets whether the episode ended with this step.
		 * @param done whether the episode ended
		 * @return this builder
		 */
		public Builder done(boolean done) {
			this.done = done;
			return this;
		}

		/**
		 * Sets whether the episode was cut short.
		 * @param truncated whether the episode was cut short
		 * @return this builder
		 */
		public Builder truncated(@Nullable Boolean truncated) {
			this.truncated = truncated;
			return this;
		}

		/**
		 * Sets the step information.
		 * @param info the information
		 * @return this builder
		 */
		public Builder info(@Nullable Map<String, Object> info) {
			this.info = info;
			return this;
		}

		/**
		 * Sets the policy's output.
		 * @param output an object, a string, or {@code null}
		 * @return this builder
		 */
		public Builder output(@Nullable Object output) {
			this.output = output;
			return this;
		}

		/**
		 * Sets how the policy answered.
		 * @param outputMode the output mode
		 * @return this builder
		 */
		public Builder outputMode(@Nullable OutputMode outputMode) {
			this.outputMode = outputMode;
			return this;
		}

		/**
		 * Builds the step.
		 * @return the step
		 */
		public RolloutStep build() {
			return new RolloutStep(this.obs, this.toolCalls, this.reward, this.done, this.truncated, this.info,
					this.output, this.outputMode);
		}

	}

}
