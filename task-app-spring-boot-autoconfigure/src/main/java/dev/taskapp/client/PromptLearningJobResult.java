package dev.taskapp.client;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a prompt-learning job, shaped like the Synth SDK's
 * {@code PromptLearningResult} ({@code synth_ai/sdk/api/train/prompt_learning.py}).
 *
 * @param jobId the job id
 * @param state the state the job ended in
 * @param bestScore the best score, from the final status or else from the job's
 * {@code prompt.learning.best.prompt} / {@code prompt.learning.final.results} events;
 * {@code null} when the backend reported none
 * @param bestPrompt the best prompt, found the same way; {@code null} when the backend
 * reported none
 * @param error the job's error message, redacted; {@code null} when there is none
 * @param raw the final status answer, unmodifiable
 */
public record PromptLearningJobResult(String jobId, PromptLearningJobState state, @Nullable Double bestScore,
		@Nullable PromptLearningPrompt bestPrompt, @Nullable String error, Map<String, Object> raw) {

	/**
	 * Creates a result.
	 */
	public PromptLearningJobResult {
		raw = DotPath.unmodifiableCopy(raw);
	}

	/**
	 * Returns whether the job succeeded.
	 * @return whether the state is {@link PromptLearningJobState#SUCCEEDED}
	 */
	public boolean succeeded() {
		return this.state == PromptLearningJobState.SUCCEEDED;
	}

	/**
	 * Returns whether the job failed.
	 * @return whether the state is {@link PromptLearningJobState#FAILED}
	 */
	public boolean failed() {
		return this.state == PromptLearningJobState.FAILED;
	}

}
