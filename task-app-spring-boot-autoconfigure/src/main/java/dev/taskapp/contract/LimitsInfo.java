package dev.taskapp.contract;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Limits of a task instance.
 *
 * @param maxTurns most turns of an episode
 * @param maxResponseTokens most tokens of a response
 * @param timeoutSeconds time limit of an episode in seconds
 * @param extra keys the contract does not name, kept and written back as they are
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LimitsInfo(@JsonProperty("max_turns") @Nullable Integer maxTurns,
		@JsonProperty("max_response_tokens") @Nullable Integer maxResponseTokens,
		@JsonProperty("timeout_seconds") @Nullable Integer timeoutSeconds,
		@JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

	/** No limits. */
	public static final LimitsInfo EMPTY = new LimitsInfo(null, null, null);

	/**
	 * Creates a LimitsInfo, treating missing lists and maps as empty.
	 */
	public LimitsInfo {
		extra = Maps.immutable(extra);
	}

	/**
	 * Creates a LimitsInfo without extra keys.
	 * @param maxTurns see the record description
	 * @param maxResponseTokens see the record description
	 * @param timeoutSeconds see the record description
	 */
	public LimitsInfo(@Nullable Integer maxTurns, @Nullable Integer maxResponseTokens, @Nullable Integer timeoutSeconds) {
		this(maxTurns, maxResponseTokens, timeoutSeconds, Map.of());
	}

}
