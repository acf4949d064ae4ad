package dev.taskapp.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tool call the policy made, in the OpenAI chat-completions shape.
 *
 * @param id identifier of the call
 * @param type type of the call, {@code function}
 * @param function the function called and its arguments
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ToolCall(@JsonProperty("id") String id, @JsonProperty("type") String type,
		@JsonProperty("function") Function function) {

	/**
	 * Creates a tool call, {@code function} typed when no type is given.
	 */
	public ToolCall {
		type = (type != null) ? type : "function";
	}

	/**
	 * Returns a function tool call.
	 * @param id identifier of the call
	 * @param name name of the function
	 * @param arguments the arguments as a JSON string
	 * @return the tool call
	 */
	public static ToolCall function(String id, String name, String arguments) {
		return new ToolCall(id, "function", new Function(name, arguments));
	}

	/**
	 * A function and the JSON-encoded arguments it was called with.
	 *
	 * @param name name of the function
	 * @param arguments the arguments as a JSON string
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record Function(@JsonProperty("name") String name, @JsonProperty("arguments") String arguments) {

	}

}
