package dev.taskapp.client;

import org.jspecify.annotations.Nullable;

/**
 * A request of a {@link PromptLearningJobClient} failed: the Synth backend rejected the API
 * key (401), answered another error status, answered a body that could not be read, did not
 * answer in time, or the job did not finish in time. Polling tolerates the
 * {@linkplain #isRetryable() retryable} ones until its timeout.
 * <p>
 * The message never contains the Synth API key, the task-app API key or the worker token,
 * nor a run of their characters: text taken from the backend is redacted before it is used.
 */
public class PromptLearningJobException extends SynthBackendException {

	private static final long serialVersionUID = 1L;

	PromptLearningJobException(String message, int status, @Nullable String serverMessage, boolean retryable,
			@Nullable Throwable cause) {
		super(message, status, serverMessage, retryable, cause);
	}

}
