package dev.taskapp.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer other than success, with the contract's {@code ValidationError} body
 * {@code {code, message, fields}}.
 */
final class ContainerError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String code;

	private final List<String> fields;

	ContainerError(int status, String code, String message, List<String> fields) {
		super(message, null, false, false);
		this.status = status;
		this.code = code;
		this.fields = List.copyOf(fields);
	}

	static ContainerError invalid(String field, String message) {
		return new ContainerError(422, "validation_error", message, List.of(field));
	}

	static ContainerError unknownRollout(String rolloutId) {
		return new ContainerError(404, "unknown_rollout", "No rollout '" + rolloutId
				+ "' is known (never submitted, or finished longer ago than task-app.container.record-retention)",
				List.of());
	}

	int status() {
		return this.status;
	}

	Map<String, Object> body() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", this.code);
		body.put("message", getMessage());
		body.put("fields", this.fields);
		return body;
	}

}
