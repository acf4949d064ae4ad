package dev.taskapp.contract;

import com.fasterxml.jackson.annotation.JsonValue;

import org.jspecify.annotations.Nullable;

/**
 * How the policy is asked to answer: with tool calls, plain text, or structured output
 * following a JSON schema.
 */
public enum OutputMode {

	/** Answers through tool calls (the default). */
	TOOL_CALLS("tool_calls"),

	/** Answers as plain text. */
	TEXT("text"),

	/** Answers as JSON following {@code structured_config.schema}. */
	STRUCTURED("structured");

	private final String wireValue;

	OutputMode(String wireValue) {
		this.wireValue = wireValue;
	}

	/**
	 * Returns the value used on the wire.
	 * @return the JSON value
	 */
	@JsonValue
	public String wireValue() {
		return this.wireValue;
	}

	/**
	 * Returns the output mode with the given wire value.
	 * @param value the JSON value
	 * @return the output mode, or {@code null} when the value names none
	 */
	public static @Nullable OutputMode fromWire(String value) {
		for (OutputMode mode : values()) {
			if (mode.wireValue.equals(value)) {
				return mode;
			}
		}
		return null;
	}

}
