package dev.taskapp.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Extracts the message of a task app's error body, in the shapes task apps use:
 * <ul>
 * <li>{@code {"detail": "..."}} (FastAPI {@code HTTPException}, the OpenAPI error schema);</li>
 * <li>{@code {"detail": {"error": {"code": ..., "message": ...}}}} (the reference server and
 * this starter);</li>
 * <li>{@code {"detail": [{"loc": [...], "msg": ...}, ...]}} (422 validation errors; the first
 * {@value #MAX_VALIDATION_ITEMS} items as {@code body.mode: Field required});</li>
 * <li>{@code {"error": {"message": ...}}} (the TypeScript and Rust cookbook apps);</li>
 * </ul>
 * else the first {@value #MAX_LENGTH} characters of the body. The message is always redacted.
 */
final class ServerErrorMessage {

	/** Most characters of a message. */
	static final int MAX_LENGTH = 300;

	/** Most validation errors listed. */
	static final int MAX_VALIDATION_ITEMS = 3;

	private ServerErrorMessage() {
	}

	/**
	 * Returns the redacted error message of a body.
	 * @param body the raw body
	 * @param redactor the redactor of the client's secrets
	 * @return the message, or {@code null} for an empty body
	 */
	static @Nullable String extract(byte[] body, SecretRedactor redactor) {
		String text = new String(body, StandardCharsets.UTF_8).strip();
		if (text.isEmpty()) {
			return null;
		}
		String message = fromJson(text);
		return redactor.redactAndLimit((message != null) ? message : text, MAX_LENGTH);
	}

	private static @Nullable String fromJson(String text) {
		if (!text.startsWith("{")) {
			return null;
		}
		JsonNode json;
		try {
			json = TaskAppJson.mapper().readTree(text);
		}
		catch (JacksonException ex) {
			return null;
		}
		JsonNode detail = json.path("detail");
		if (detail.isString()) {
			return detail.stringValue();
		}
		if (detail.isArray()) {
			return validationErrors(detail);
		}
		String message = errorMessage(detail.path("error"));
		if (message == null) {
			message = errorMessage(json.path("error"));
		}
		if (message == null) {
			message = stringOrNull(json.path("message"));
		}
		return message;
	}

	private static @Nullable String errorMessage(JsonNode error) {
		String message = stringOrNull(error.path("message"));
		if (message == null) {
			return null;
		}
		String code = stringOrNull(error.path("code"));
		return (code != null) ? message + " (" + code + ")" : message;
	}

	private static @Nullable String validationErrors(JsonNode items) {
		List<String> messages = new ArrayList<>();
		for (JsonNode item : items) {
			if (messages.size() == MAX_VALIDATION_ITEMS) {
				break;
			}
			String location = location(item.path("loc"));
			String msg = stringOrNull(item.path("msg"));
			String described = (msg != null) ? msg : item.toString();
			messages.add(location.isEmpty() ? described : location + ": " + described);
		}
		if (messages.isEmpty()) {
			return null;
		}
		String joined = String.join("; ", messages);
		int more = items.size() - messages.size();
		return (more > 0) ? joined + "; and " + more + " more" : joined;
	}

	private static String location(JsonNode loc) {
		if (!loc.isArray()) {
			return loc.isValueNode() ? loc.asString() : "";
		}
		List<String> parts = new ArrayList<>();
		for (JsonNode part : loc) {
			parts.add(part.asString());
		}
		return String.join(".", parts);
	}

	private static @Nullable String stringOrNull(JsonNode node) {
		return (node.isString() && !node.stringValue().isBlank()) ? node.stringValue() : null;
	}

}
