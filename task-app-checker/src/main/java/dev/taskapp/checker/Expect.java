package dev.taskapp.checker;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The assertions of the checks; each throws a {@link CheckFailure} that says what was seen.
 */
final class Expect {

	private Expect() {
	}

	static void status(HttpAnswer answer, int... expected) {
		if (Arrays.stream(expected).noneMatch((status) -> status == answer.status())) {
			throw new CheckFailure("expected " + describe(expected) + ", got " + answer.status() + " "
					+ answer.snippet());
		}
	}

	static JsonNode jsonObject(HttpAnswer answer) {
		JsonNode json = answer.json();
		if (json == null || !json.isObject()) {
			throw new CheckFailure("expected a JSON object, got " + answer.snippet());
		}
		return json;
	}

	static JsonNode field(JsonNode object, String path) {
		JsonNode node = object;
		for (String name : path.split("\\.")) {
			node = node.path(name);
		}
		if (node.isMissingNode() || node.isNull()) {
			throw new CheckFailure("'" + path + "' is missing");
		}
		return node;
	}

	static String text(JsonNode object, String path) {
		JsonNode node = field(object, path);
		if (!node.isString() || node.asString().isBlank()) {
			throw new CheckFailure("'" + path + "' is not a non-empty string: " + node);
		}
		return node.asString();
	}

	static double number(JsonNode object, String path) {
		JsonNode node = field(object, path);
		if (!node.isNumber()) {
			throw new CheckFailure("'" + path + "' is not a number: " + node);
		}
		return node.asDouble();
	}

	static void that(boolean condition, String failure) {
		if (!condition) {
			throw new CheckFailure(failure);
		}
	}

	static <T> T present(@Nullable T value, String failure) {
		if (value == null) {
			throw new CheckFailure(failure);
		}
		return value;
	}

	private static String describe(int[] statuses) {
		if (statuses.length == 1) {
			return String.valueOf(statuses[0]);
		}
		return "one of " + Arrays.toString(statuses);
	}

}
