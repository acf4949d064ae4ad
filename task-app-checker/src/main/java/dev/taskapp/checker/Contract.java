package dev.taskapp.checker;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The contract a checked app is held to.
 */
public enum Contract {

	/** The task-app contract of late 2025: {@code /health}, {@code /task_info}, {@code /rollout}, ... */
	TASK_APP("task-app"),

	/** The Synth container contract with GEPA v2: {@code /metadata}, {@code /program}, {@code /taskset}, ... */
	CONTAINER("container");

	private final String id;

	Contract(String id) {
		this.id = id;
	}

	/**
	 * Returns the name of the contract on the command line.
	 * @return {@code task-app} or {@code container}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Returns the contract of a command-line name.
	 * @param id {@code task-app} or {@code container}
	 * @return the contract
	 * @throws IllegalArgumentException for any other name
	 */
	public static Contract of(String id) {
		for (Contract contract : values()) {
			if (contract.id.equals(id.toLowerCase(Locale.ROOT))) {
				return contract;
			}
		}
		throw new IllegalArgumentException("Unknown contract '" + id + "'; expected one of "
				+ Arrays.stream(values()).map(Contract::id).collect(Collectors.joining(", ")));
	}

}
