package dev.taskapp.client.optimizers;

import org.jspecify.annotations.Nullable;

/**
 * A request of a {@link HostedOptimizerClient} failed: the backend rejected the Synth API key
 * (401), answered another error status, answered a body that could not be read, did not answer
 * in time, or a run did not end in time.
 * <p>
 * The message never contains the Synth API key or a container header value: text taken from
 * the backend is redacted before it is used.
 */
public class HostedOptimizerException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Status of an exception raised without an HTTP answer. */
	public static final int NO_STATUS = 0;

	/** The HTTP status, or {@link #NO_STATUS}. */
	private final int status;

	/** The backend's error detail, redacted. */
	private final @Nullable String serverMessage;

	/** Whether trying again later may succeed. */
	private final boolean retryable;

	HostedOptimizerException(String message, int status, @Nullable String serverMessage, boolean retryable,
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
