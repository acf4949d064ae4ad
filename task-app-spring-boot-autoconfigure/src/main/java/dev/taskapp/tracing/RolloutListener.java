package dev.taskapp.tracing;

/**
 * Told about every rollout as it starts and ends, on the rollout's own thread: keep both calls
 * short and never block in them. What the console's rollout log is fed from.
 */
public interface RolloutListener {

	/**
	 * Returns whether the LM calls of every rollout should be recorded now, so that
	 * {@link FinishedRollout#calls()} holds them. Asked once per rollout; recording costs
	 * every rollout a copy of its model calls.
	 * @return whether calls are wanted
	 */
	default boolean wantsCalls() {
		return false;
	}

	/**
	 * Called when a valid rollout request starts to be handled.
	 */
	void rolloutStarted();

	/**
	 * Called once when a started rollout ends, however it ends.
	 * @param rollout what happened
	 */
	void rolloutFinished(FinishedRollout rollout);

}
