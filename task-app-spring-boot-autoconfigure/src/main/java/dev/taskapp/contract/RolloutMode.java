package dev.taskapp.contract;

import com.fasterxml.jackson.annotation.JsonValue;

import org.jspecify.annotations.Nullable;

/**
 * Why the caller runs a rollout: {@code rl} for reinforcement-learning training, {@code eval}
 * for evaluation (prompt optimisers use {@code eval}).
 */
public enum RolloutMode {

	/** Reinforcement-learning training. */
	RL("rl"),

	/** Evaluation, as prompt optimisers run it. */
	EVAL("eval");

	private final String wireValue;

	RolloutMode(String wireValue) {
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
	 * Returns the mode with the given wire value.
	 * @param value the JSON value
	 * @return the mode, or {@code null} when the value names none
	 */
	public static @Nullable RolloutMode fromWire(String value) {
		for (RolloutMode mode : values()) {
			if (mode.wireValue.equals(value)) {
				return mode;
			}
		}
		return null;
	}

}
