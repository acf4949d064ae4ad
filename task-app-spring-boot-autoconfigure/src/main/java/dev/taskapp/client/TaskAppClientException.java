package dev.taskapp.client;

import org.jspecify.annotations.Nullable;

/**
 * A request of a {@link TaskAppClient} failed: the task app answered with an error status,
 * answered a body that could not be read, or did not answer at all.
 * <p>
 * The message never contains the client's API key, its aliases or the worker token, nor a run
 * of their characters: text taken from the server is redacted before it is used.
 */
public class TaskAppClientException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Status of an exception raised without an HTTP answer. */
	public static final int NO_STATUS = 0;

	/** The HTTP status, or {@link #NO_STATUS}. */
	private final int status;

	/** The path of the failed request. */
	private final String path;

	/** The server's error message, redacted. */
	private final @Nullable String serverMessage;

	TaskAppClientException(String message, int status, String path, @Nullable String serverMessage,
			@Nullable Throwable cause) {
		super(message, cause);
		this.status = status;
		this.path = path;
		this.serverMessage = serverMessage;
	}

	/**
	 * Returns the HTTP status the task app answered with.
	 * @return the status, or {@link #NO_STATUS} when no answer was received
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Returns the path of the failed request, relative to the task app's base URL and without
	 * the query, such as {@code /rollout}.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Returns the error message the task app sent in its body, redacted.
	 * @return the server's message, or {@code null} if it sent none
	 */
	public @Nullable String getServerMessage() {
		return this.serverMessage;
	}

}
