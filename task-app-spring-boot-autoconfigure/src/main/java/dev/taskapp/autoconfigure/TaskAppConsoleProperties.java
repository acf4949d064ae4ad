package dev.taskapp.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the console page ({@code task-app.console.*}).
 *
 * @param enabled whether GET /console serves the console page and its data, behind the API key
 * @param rollouts how many of the most recent rollouts the console keeps in memory
 * @param recordCalls whether the model calls of every rollout are recorded while a signed-in
 * console is open, so that it can show each rollout's trace
 */
@ConfigurationProperties(TaskAppConsoleProperties.PREFIX)
public record TaskAppConsoleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("200") int rollouts,
		@DefaultValue("true") boolean recordCalls) {

	/** Prefix of the console properties. */
	public static final String PREFIX = "task-app.console";

	/**
	 * Creates the console settings, checking them.
	 */
	public TaskAppConsoleProperties {
		if (rollouts < 1 || rollouts > 100_000) {
			throw new IllegalArgumentException(
					"task-app.console.rollouts must be between 1 and 100000, got " + rollouts);
		}
	}

}
