package dev.taskapp.client;

import java.io.IOException;

/**
 * A request that got no HTTP answer: the connection failed, the host did not resolve, the
 * connection closed early, or the timeout elapsed. Internal: callers see a
 * {@link TaskAppClientException} or an unhealthy {@link TaskAppHealth}.
 */
final class TransportFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final TaskAppRequest request;

	private final String description;

	TransportFailure(TaskAppRequest request, String description, Throwable cause) {
		super(request + ": " + description, cause);
		this.request = request;
		this.description = description;
	}

	TaskAppRequest request() {
		return this.request;
	}

	/**
	 * Returns what went wrong, already redacted, such as
	 * {@code Connection refused: localhost/127.0.0.1:8080}.
	 * @return the description
	 */
	String description() {
		return this.description;
	}

	/**
	 * Returns whether the failure happened at the connection level (refused, reset, closed
	 * early, DNS), which makes a retry of an idempotent request worthwhile. Timeouts are not.
	 * @return whether the failure is a connection failure
	 */
	boolean isConnectionFailure() {
		return getCause() instanceof IOException;
	}

}
