package dev.taskapp.contract;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One criterion of a rubric.
 *
 * @param id identifier of the criterion
 * @param description what the criterion checks
 * @param weight weight of the criterion
 * @param extra keys the contract does not name, kept and written back as they are
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RubricCriterion(@JsonProperty("id") String id,
		@JsonProperty("description") String description,
		@JsonProperty("weight") @Nullable Double weight,
		@JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

	/**
	 * Creates a RubricCriterion, treating missing lists and maps as empty.
	 */
	public RubricCriterion {
		extra = Maps.immutable(extra);
	}

	/**
	 * Creates a RubricCriterion without extra keys.
	 * @param id see the record description
	 * @param description see the record description
	 * @param weight see the record description
	 */
	public RubricCriterion(String id, String description, @Nullable Double weight) {
		this(id, description, weight, Map.of());
	}

}
