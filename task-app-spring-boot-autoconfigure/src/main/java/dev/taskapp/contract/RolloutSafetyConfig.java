package dev.taskapp.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Limits the caller sets on a rollout; enforcing them is up to the task app.
 *
 * @param maxOps largest number of operations, 100000 by default
 * @param maxTimeS longest run time in seconds, 3600 by default
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolloutSafetyConfig(@JsonProperty("max_ops") int maxOps, @JsonProperty("max_time_s") double maxTimeS) {

	/** The defaults: 100000 operations, 3600 seconds. */
	public static final RolloutSafetyConfig DEFAULTS = new RolloutSafetyConfig(100_000, 3600.0);

}
