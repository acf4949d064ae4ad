package dev.taskapp.contract;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A rubric: named criteria.
 *
 * @param name name of the rubric
 * @param criteria the criteria
 * @param extra keys the contract does not name, kept and written back as they are
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RubricSection(@JsonProperty("name") String name,
		@JsonProperty("criteria") List<RubricCriterion> criteria,
		@JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

	/**
	 * Creates a RubricSection, treating missing lists and maps as empty.
	 */
	public RubricSection {
		criteria = Maps.immutable(criteria);
		extra = Maps.immutable(extra);
	}

	/**
	 * Creates a RubricSection without extra keys.
	 * @param name see the record description
	 * @param criteria see the record description
	 */
	public RubricSection(String name, List<RubricCriterion> criteria) {
		this(name, criteria, Map.of());
	}

}
