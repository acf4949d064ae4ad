package dev.taskapp.tracing;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@code task.app.rollout} observation: what a handler such as
 * {@link RolloutMeters} needs beyond the observation's key values.
 */
public final class RolloutObservationContext extends Observation.Context {

	private final String mode;

	private @Nullable Double reward;

	/**
	 * Creates a context.
	 * @param mode the request's mode, {@code none} when it has none
	 */
	public RolloutObservationContext(String mode) {
		this.mode = mode;
	}

	/**
	 * Returns the mode of the rollout.
	 * @return {@code rl}, {@code eval} or {@code none}
	 */
	public String getMode() {
		return this.mode;
	}

	/**
	 * Returns the reward of the rollout.
	 * @return {@code metrics.mean_return} of the answer, or {@code null} when it failed
	 */
	public @Nullable Double getReward() {
		return this.reward;
	}

	/**
	 * Sets the reward of the rollout.
	 * @param reward the reward
	 */
	public void setReward(@Nullable Double reward) {
		this.reward = reward;
	}

}
