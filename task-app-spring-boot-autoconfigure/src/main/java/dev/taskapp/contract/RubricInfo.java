package dev.taskapp.contract;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The rubrics a task is scored with.
 *
 * @param outcome rubric of the outcome
 * @param events rubric of the events
 * @param extra keys the contract does not name, kept and written back as they are
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RubricInfo(@JsonProperty("outcome") @Nullable RubricSection outcome,
		@JsonProperty("events") @Nullable RubricSection events,
		@JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

	/** No rubric. */
	public static final RubricInfo EMPTY = new RubricInfo(null, null);

	/**
	 * Creates a RubricInfo, treating missing lists and maps as empty.
	 */
	public RubricInfo {
		extra = Maps.immutable(extra);
	}

	/**
	 * Creates a RubricInfo without extra keys.
	 * @param outcome see the record description
	 * @param events see the record description
	 */
	public RubricInfo(@Nullable RubricSection outcome, @Nullable RubricSection events) {
		this(outcome, events, Map.of());
	}

}
