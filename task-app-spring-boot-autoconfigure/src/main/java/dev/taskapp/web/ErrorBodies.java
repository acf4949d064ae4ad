package dev.taskapp.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;

/**
 * The JSON error bodies of the task-app routes, in the reference's envelopes:
 * {@code {"detail":{"error":{"code":…,"message":…}}}} for application errors,
 * {@code {"detail":[…]}} for validation errors and {@code {"detail":"…"}} for routing errors.
 */
final class ErrorBodies {

	static final byte[] METHOD_NOT_ALLOWED = write(Map.of("detail", "Method Not Allowed"));

	static final byte[] NOT_FOUND = write(Map.of("detail", "Not Found"));

	private ErrorBodies() {
	}

	static byte[] error(String code, String message) {
		return error(code, message, Map.of());
	}

	static byte[] error(String code, String message, Map<String, Object> extra) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		error.putAll(extra);
		return write(Map.of("detail", Map.of("error", error)));
	}

	static byte[] validation(List<ValidationError> errors) {
		return write(Map.of("detail", errors));
	}

	static byte[] write(Object body) {
		return TaskAppJson.mapper().writeValueAsBytes(body);
	}

}
