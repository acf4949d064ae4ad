package dev.taskapp.client;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The state of a prompt-learning job, as the Synth SDK's {@code JobStatus} names it
 * ({@code synth_ai/sdk/api/train/prompt_learning.py}). The backend's status strings are
 * read leniently: {@code completed} counts as {@link #SUCCEEDED}, {@code canceled} as
 * {@link #CANCELLED} (as {@code JobPoller} in {@code synth_ai/sdk/api/train/pollers.py}
 * treats them), and an unknown or missing status as {@link #PENDING}.
 */
public enum PromptLearningJobState {

	/** Accepted, not yet queued. */
	PENDING,

	/** Waiting for a worker. */
	QUEUED,

	/** Optimising. */
	RUNNING,

	/** Finished with a result. */
	SUCCEEDED,

	/** Finished with an error. */
	FAILED,

	/** Stopped on request. */
	CANCELLED;

	/**
	 * Returns the state a backend status string stands for.
	 * @param status the status, such as {@code running}; any case
	 * @return the state, {@link #PENDING} for an unknown or missing status
	 */
	public static PromptLearningJobState of(@Nullable String status) {
		if (status == null) {
			return PENDING;
		}
		return switch (status.strip().toLowerCase(Locale.ROOT)) {
			case "queued" -> QUEUED;
			case "running", "in_progress" -> RUNNING;
			case "succeeded", "completed" -> SUCCEEDED;
			case "failed", "error" -> FAILED;
			case "cancelled", "canceled" -> CANCELLED;
			default -> PENDING;
		};
	}

	/**
	 * Returns whether the job will not change any more.
	 * @return whether the state is {@link #SUCCEEDED}, {@link #FAILED} or {@link #CANCELLED}
	 */
	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

	/**
	 * Returns the state's name as the backend writes it.
	 * @return the lower-case name, such as {@code running}
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
