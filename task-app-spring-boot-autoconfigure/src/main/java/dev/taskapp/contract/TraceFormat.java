package dev.taskapp.contract;

import com.fasterxml.jackson.annotation.JsonValue;

import org.jspecify.annotations.Nullable;

/**
 * How much of a trace a rollout response carries when {@code record.return_trace} is set.
 */
public enum TraceFormat {

	/** Compact trace (the default). */
	COMPACT("compact"),

	/** Full trace. */
	FULL("full"),

	/** Structured trace. */
	STRUCTURED("structured");

	private final String wireValue;

	TraceFormat(String wireValue) {
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
	 * Returns the trace format with the given wire value.
	 * @param value the JSON value
	 * @return the trace format, or {@code null} when the value names none
	 */
	public static @Nullable TraceFormat fromWire(String value) {
		for (TraceFormat mode : values()) {
			if (mode.wireValue.equals(value)) {
				return mode;
			}
		}
		return null;
	}

}
