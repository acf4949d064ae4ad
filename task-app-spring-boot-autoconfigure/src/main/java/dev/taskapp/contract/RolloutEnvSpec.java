package dev.taskapp.contract;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The environment a rollout runs in: which task instance, chosen by seed.
 *
 * @param envId identifier of the environment, if the caller names one
 * @param envName name of the environment, if the caller names one
 * @param config free-form environment configuration (for example {@code split} or {@code seed})
 * @param seed seed of the task instance; see {@link #resolvedSeed()}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolloutEnvSpec(@JsonProperty("env_id") @Nullable String envId,
		@JsonProperty("env_name") @Nullable String envName, @JsonProperty("config") Map<String, Object> config,
		@JsonProperty("seed") @Nullable Integer seed) {

	/**
	 * Creates an environment spec, treating a missing config as empty.
	 */
	public RolloutEnvSpec {
		config = Maps.immutable(config);
	}

	/**
	 * Returns an environment spec with only a seed.
	 * @param seed the seed
	 * @return the spec
	 */
	public static RolloutEnvSpec ofSeed(@Nullable Integer seed) {
		return new RolloutEnvSpec(null, null, Map.of(), seed);
	}

	/**
	 * Returns the seed as the contract resolves it: {@code env.seed}, else an integer
	 * {@code env.config.seed}.
	 * @return the seed, or {@code null} when neither is given
	 */
	public @Nullable Integer resolvedSeed() {
		if (this.seed != null) {
			return this.seed;
		}
		Object configSeed = this.config.get("seed");
		if (configSeed instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
			return number.intValue();
		}
		if (configSeed instanceof String text) {
			try {
				return Integer.valueOf(text.trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

}
