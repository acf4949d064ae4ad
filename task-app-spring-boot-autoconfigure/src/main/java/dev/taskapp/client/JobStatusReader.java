package dev.taskapp.client;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads the answer of the job-status route into a {@link PromptLearningJobStatus}, as the
 * Synth SDK's {@code PromptLearningJob.poll_until_complete} and {@code JobPoller.poll} read it
 * ({@code synth_ai/sdk/api/train/prompt_learning.py}, {@code pollers.py}): the status from
 * {@code status}, else {@code state}; the best score from the first of {@code best_score},
 * {@code best_reward}, {@code best_train_score} and {@code best_train_reward}; the error from
 * {@code error} (a string or an object with a {@code message}), else {@code error_message}.
 */
final class JobStatusReader {

	private static final List<String> SCORE_KEYS = List.of("best_score", "best_reward", "best_train_score",
			"best_train_reward");

	private static final int MAX_ERROR_LENGTH = 500;

	private JobStatusReader() {
	}

	static PromptLearningJobStatus read(String jobId, Map<String, Object> body, SecretRedactor redactor) {
		String status = BackendAnswers.asText(body.get("status"));
		if (status == null) {
			status = BackendAnswers.asText(body.get("state"));
		}
		String error = error(body);
		return new PromptLearningJobStatus(jobId, PromptLearningJobState.of(status), (status != null) ? status : "",
				bestScore(body), (error != null) ? redactor.redactAndLimit(error, MAX_ERROR_LENGTH) : null, body);
	}

	static @Nullable Double bestScore(Map<String, Object> body) {
		for (String key : SCORE_KEYS) {
			Double score = BackendAnswers.asNumber(body.get(key));
			if (score != null) {
				return score;
			}
		}
		return null;
	}

	private static @Nullable String error(Map<String, Object> body) {
		Object error = body.get("error");
		String text = BackendAnswers.asText(error);
		if (text != null) {
			return text;
		}
		Map<String, Object> errorObject = BackendAnswers.asMap(error);
		if (errorObject != null) {
			text = BackendAnswers.asText(errorObject.get("message"));
			if (text == null) {
				text = BackendAnswers.asText(errorObject.get("detail"));
			}
			if (text != null) {
				return text;
			}
		}
		return BackendAnswers.asText(body.get("error_message"));
	}

}
