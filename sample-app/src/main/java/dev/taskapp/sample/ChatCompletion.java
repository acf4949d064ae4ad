package dev.taskapp.sample;

import java.util.ArrayList;
import java.util.List;

import dev.taskapp.contract.ToolCall;
import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The part of a chat-completions answer a rollout scores: the first choice's message text and
 * tool calls.
 *
 * @param content the message text, {@code null} when the message has none
 * @param toolCalls the tool calls, ids and arguments as the model returned them
 */
public record ChatCompletion(@Nullable String content, List<ToolCall> toolCalls) {

	/**
	 * Creates a completion.
	 */
	public ChatCompletion {
		toolCalls = List.copyOf(toolCalls);
	}

	/**
	 * Reads the first choice of a chat-completions answer. Text given as an array of parts is
	 * joined; tool-call arguments given as a JSON object instead of a string are written back as
	 * a string; a tool call without an id gets {@code call_<position>}.
	 * @param answer the answer body
	 * @return the completion
	 * @throws IllegalArgumentException if the answer has no {@code choices[0].message} object
	 */
	public static ChatCompletion parse(JsonNode answer) {
		JsonNode message = answer.path("choices").path(0).path("message");
		if (!message.isObject()) {
			throw new IllegalArgumentException("it has no choices[0].message object");
		}
		List<ToolCall> toolCalls = new ArrayList<>();
		JsonNode calls = message.path("tool_calls");
		for (int i = 0; i < calls.size(); i++) {
			JsonNode call = calls.path(i);
			JsonNode function = call.path("function");
			String id = call.path("id").isString() ? call.path("id").stringValue() : "call_" + i;
			String name = function.path("name").isString() ? function.path("name").stringValue() : "";
			toolCalls.add(ToolCall.function(id, name, arguments(function.path("arguments"))));
		}
		return new ChatCompletion(text(message.path("content")), toolCalls);
	}

	private static String arguments(JsonNode arguments) {
		if (arguments.isString()) {
			return arguments.stringValue();
		}
		if (arguments.isMissingNode() || arguments.isNull()) {
			return "";
		}
		return TaskAppJson.mapper().writeValueAsString(arguments);
	}

	private static @Nullable String text(JsonNode content) {
		if (content.isString()) {
			return content.stringValue();
		}
		if (content.isArray()) {
			StringBuilder text = new StringBuilder();
			for (JsonNode part : content) {
				if (part.path("text").isString()) {
					text.append((text.length() > 0) ? "\n" : "").append(part.path("text").stringValue());
				}
			}
			return (text.length() > 0) ? text.toString() : null;
		}
		return null;
	}

}
