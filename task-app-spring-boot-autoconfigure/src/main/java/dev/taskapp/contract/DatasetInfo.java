package dev.taskapp.contract;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The data set the task draws its instances from.
 *
 * @param id identifier of the data set
 * @param name name of the data set
 * @param version version of the data set
 * @param splits the splits, such as train and test
 * @param defaultSplit the split used when a request names none
 * @param description description of the data set
 * @param extra keys the contract does not name, kept and written back as they are
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DatasetInfo(@JsonProperty("id") @Nullable String id,
		@JsonProperty("name") @Nullable String name,
		@JsonProperty("version") @Nullable String version,
		@JsonProperty("splits") List<String> splits,
		@JsonProperty("default_split") @Nullable String defaultSplit,
		@JsonProperty("description") @Nullable String description,
		@JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

	/**
	 * Creates a DatasetInfo, treating missing lists and maps as empty.
	 */
	public DatasetInfo {
		splits = Maps.immutable(splits);
		extra = Maps.immutable(extra);
	}

	/**
	 * Creates a DatasetInfo without extra keys.
	 * @param id see the record description
	 * @param name see the record description
	 * @param version see the record description
	 * @param splits see the record description
	 * @param defaultSplit see the record description
	 * @param description see the record description
	 */
	public DatasetInfo(@Nullable String id, @Nullable String name, @Nullable String version, List<String> splits, @Nullable String defaultSplit, @Nullable String description) {
		this(id, name, version, splits, defaultSplit, description, Map.of());
	}

	/**
	 * Returns this data set description with one more extra key, such as the {@code seed}
	 * of a task instance.
	 * @param key the key
	 * @param value the value
	 * @return a description with the key
	 */
	public DatasetInfo withExtra(String key, Object value) {
		Map<String, Object> merged = new java.util.LinkedHashMap<>(this.extra);
		merged.put(key, value);
		return new DatasetInfo(this.id, this.name, this.version, this.splits, this.defaultSplit, this.description,
				merged);
	}

}
