package dev.taskapp.client;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One answer of the job-status route {@code GET /api/prompt-learning/online/jobs/{id}}.
 *
 * @param jobId the job id
 * @param state the state
 * @param status the status string as the backend sent it ({@code status}, else
 * {@code state}), empty when it sent none
 * @param bestScore the best score so far: the first number among {@code best_score},
 * {@code best_reward}, {@code best_train_score} and {@code best_train_reward}, as the SDK reads
 * it; {@code null} when there is none yet
 * @param error the job's error message, redacted; {@code null} when there is none
 * @param raw the whole answer, unmodifiable
 */
public record PromptLearningJobStatus(String jobId, PromptLearningJobState state, String status,
		@Nullable Double bestScore, @Nullable String error, Map<String, Object> raw) {

	/**
	 * Creates a status.
	 */
	public PromptLearningJobStatus {
		raw = DotPath.unmodifiableCopy(raw);
	}

	/**
	 * Returns whether the job will not change any more.
	 * @return whether the state is terminal
	 */
	public boolean isTerminal() {
		return this.state.isTerminal();
	}

}
