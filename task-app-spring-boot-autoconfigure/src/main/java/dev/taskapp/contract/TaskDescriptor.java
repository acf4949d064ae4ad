package dev.taskapp.contract;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What the task is.
 *
 * @param id identifier of the task
 * @param name name of the task
 * @param description description of the task
 * @param version version of the task
 * @param extra keys the contract does not name, kept and written back as they are
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskDescriptor(@JsonProperty("id") String id,
		@JsonProperty("name") String name,
		@JsonProperty("description") @Nullable String description,
		@JsonProperty("version") @Nullable String version,
		@JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

	/**
	 * Creates a TaskDescriptor, treating missing lists and maps as empty.
	 */
	public TaskDescriptor {
		extra = Maps.immutable(extra);
	}

	/**
	 * Creates a TaskDescriptor without extra keys.
	 * @param id see the record description
	 * @param name see the record description
	 * @param description see the record description
	 * @param version see the record description
	 */
	public TaskDescriptor(String id, String name, @Nullable String description, @Nullable String version) {
		this(id, name, description, version, Map.of());
	}

	/**
	 * Creates a TaskDescriptor with only an id and a name.
	 * @param id identifier of the task
	 * @param name name of the task
	 */
	public TaskDescriptor(String id, String name) {
		this(id, name, null, null, Map.of());
	}

}
