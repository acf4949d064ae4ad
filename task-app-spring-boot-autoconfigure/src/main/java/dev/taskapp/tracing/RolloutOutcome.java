package dev.taskapp.tracing;

/**
 * How a rollout ended, as the {@code outcome} tag of the {@code task.app.rollout} observation
 * and the trace store record it.
 */
public enum RolloutOutcome {

	/** The handler answered (200). */
	SUCCESS("success"),

	/** The request could not be served as given (4xx). */
	CLIENT_ERROR("client_error"),

	/** The model or another upstream service failed (502, 503, 504). */
	UPSTREAM_ERROR("upstream_error"),

	/** The handler failed (500 and other 5xx). */
	SERVER_ERROR("server_error"),

	/** The caller went away before the answer was written. */
	CANCELLED("cancelled");

	private final String value;

	RolloutOutcome(String value) {
		this.value = value;
	}

	/**
	 * Returns the value used in tags and in the store.
	 * @return the value, such as {@code success}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Returns the outcome of a rollout answered with the given HTTP status.
	 * @param status the status
	 * @return the outcome
	 */
	public static RolloutOutcome ofStatus(int status) {
		if (status < 400) {
			return SUCCESS;
		}
		if (status < 500) {
			return CLIENT_ERROR;
		}
		return (status == 502 || status == 503 || status == 504) ? UPSTREAM_ERROR : SERVER_ERROR;
	}

}
