package dev.taskapp.client;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One event of a prompt-learning job, as {@code GET /api/prompt-learning/online/jobs/{id}/events}
 * lists them ({@code PromptLearningClient.get_events} in
 * {@code synth_ai/sdk/learning/prompt_learning_client.py}).
 *
 * @param seq the event's sequence number, increasing within a job
 * @param type the event type, such as {@code prompt.learning.best.prompt}; empty when none
 * @param message the human-readable message, or {@code null}
 * @param data the event's data, unmodifiable; empty when none
 */
public record PromptLearningJobEvent(long seq, String type, @Nullable String message, Map<String, Object> data) {

	/**
	 * Creates an event.
	 */
	public PromptLearningJobEvent {
		data = DotPath.unmodifiableCopy(data);
	}

}
