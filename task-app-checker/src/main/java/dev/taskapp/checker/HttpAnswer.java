package dev.taskapp.checker;

import java.nio.charset.StandardCharsets;

import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What an app answered to one request.
 *
 * @param status the HTTP status
 * @param body the body, empty when there was none
 */
record HttpAnswer(int status, byte[] body) {

	/**
	 * Returns the body as JSON.
	 * @return the JSON, or {@code null} if the body is not JSON
	 */
	@Nullable JsonNode json() {
		try {
			return (this.body.length > 0) ? TaskAppJson.mapper().readTree(this.body) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * Returns the start of the body, for a detail.
	 * @return at most 200 characters of the body
	 */
	String snippet() {
		String text = new String(this.body, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

}
