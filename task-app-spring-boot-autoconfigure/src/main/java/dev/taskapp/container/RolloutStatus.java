package dev.taskapp.container;

import java.util.Locale;

/**
 * The state of a container rollout, as {@code status} spells it.
 */
public enum RolloutStatus {

	/** Accepted, not started. */
	QUEUED,

	/** Running. */
	RUNNING,

	/** Finished with a reward. */
	COMPLETED,

	/** Finished without a reward. */
	FAILED,

	/** Terminated before it finished. */
	CANCELLED;

	/**
	 * Returns the wire value.
	 * @return the lower-case name
	 */
	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Returns whether the rollout has ended.
	 * @return whether the status is terminal
	 */
	public boolean terminal() {
		return this == COMPLETED || this == FAILED || this == CANCELLED;
	}

}
