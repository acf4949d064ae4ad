package dev.taskapp.client;

import org.jspecify.annotations.Nullable;

/**
 * A request to the Synth backend failed: the backend rejected the Synth API key (401),
 * answered another error status, answered a body that could not be read, did not answer in
 * time, or what was awaited did not happen in time. Catch this type to handle the failures of
 * both the {@link PromptLearningJobClient} ({@link PromptLearningJobException}) and the
 * {@link dev.taskapp.client.optimizers.HostedOptimizerClient}
 * ({@link dev.taskapp.client.optimizers.HostedOptimizerException}).
 * <p>
 * The message never contains the Synth API key or another secret of the call, nor a run of
 * their characters: text taken from the backend is redacted before it is used.
 */
public abstract class SynthBackendException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Status of an exception raised without an HTTP answer. */
	public static final int NO_STATUS = 0;

	/** The HTTP status, or {@link #NO_STATUS}. */
	private final int status;

	/** The backend's error detail, redacted. */
	private final @Nullable String serverMessage;

	/** Whether trying again later may succeed. */
	private final boolean retryable;

	/**
	 * Creates an exception.
	 * @param message the message, free of secrets
	 * @param status the HTTP status, or {@link #NO_STATUS} when no answer was received
	 * @param serverMessage the backend's error detail, already redacted, or {@code null}
	 * @param retryable whether trying again later may succeed
	 * @param cause the cause, or {@code null}
	 */
	protected SynthBackendException(String message, int status, @Nullable String serverMessage, boolean retryable,
			@Nullable Throwable cause) {
		super(message, cause);
		this.status = status;
		this.serverMessage = serverMessage;
		this.retryable = retryable;
	}

	/**
	 * Returns the HTTP status the backend answered with.
	 * @return the status, or {@link #NO_STATUS} when no answer was received
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Returns the error detail the backend sent, redacted.
	 * @return the detail, or {@code null} if it sent none
	 */
	public @Nullable String getServerMessage() {
		return this.serverMessage;
	}

	/**
	 * Returns whether the backend rejected the Synth API key (401).
	 * @return whether the key was rejected
	 */
	public boolean isAuthenticationFailure() {
		return this.status == 401;
	}

	/**
	 * Returns whether the failure may go away by itself: no answer, 429, or a 5xx status.
	 * @return whether a later attempt may succeed
	 */
	public boolean isRetryable() {
		return this.retryable;
	}

}
