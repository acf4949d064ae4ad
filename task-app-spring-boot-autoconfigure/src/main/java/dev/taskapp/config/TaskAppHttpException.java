package dev.taskapp.config;

import java.util.Map;

/**
 * An error a rollout handler reports to the caller with a specific HTTP status. The body is
 * the reference's envelope {@code {"detail":{"error":{"code":…,"message":…}}}}, so the message
 * must say what went wrong without secrets.
 */
public class TaskAppHttpException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String code;

	private final Map<String, Object> details;

	/**
	 * Creates an exception.
	 * @param status the HTTP status, 400 to 599
	 * @param code a short machine-readable code, such as {@code upstream_error}
	 * @param message what went wrong, for the caller
	 * @param details extra fields of the error object; must not contain secrets
	 */
	public TaskAppHttpException(int status, String code, String message, Map<String, Object> details) {
		super(message);
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("status must be an HTTP error status (400-599), got " + status);
		}
		this.status = status;
		this.code = code;
		this.details = Map.copyOf(details);
	}

	/**
	 * Returns a 400: the request cannot be served as given.
	 * @param code the error code
	 * @param message what is wrong with the request
	 * @return the exception
	 */
	public static TaskAppHttpException badRequest(String code, String message) {
		return new TaskAppHttpException(400, code, message, Map.of());
	}

	/**
	 * Returns a 502: the model (or another upstream service) failed.
	 * @param message what the upstream answered
	 * @return the exception
	 */
	public static TaskAppHttpException upstream(String message) {
		return new TaskAppHttpException(502, "upstream_error", message, Map.of());
	}

	/**
	 * Returns the HTTP status.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Returns the error code.
	 * @return the code
	 */
	public String getCode() {
		return this.code;
	}

	/**
	 * Returns the extra fields of the error object.
	 * @return the extra fields
	 */
	public Map<String, Object> getDetails() {
		return this.details;
	}

}
