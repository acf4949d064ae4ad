package dev.taskapp.contract;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The model a task expects to be evaluated with.
 *
 * @param model the model
 * @param inferenceUrl the inference URL
 * @param extra keys the contract does not name, kept and written back as they are
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InferenceInfo(@JsonProperty("model") @Nullable String model,
		@JsonProperty("inference_url") @Nullable String inferenceUrl,
		@JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

	/** No model named. */
	public static final InferenceInfo EMPTY = new InferenceInfo(null, null);

	/**
	 * Creates an InferenceInfo, treating missing lists and maps as empty.
	 */
	public InferenceInfo {
		extra = Maps.immutable(extra);
	}

	/**
	 * Creates an InferenceInfo without extra keys.
	 * @param model see the record description
	 * @param inferenceUrl see the record description
	 */
	public InferenceInfo(@Nullable String model, @Nullable String inferenceUrl) {
		this(model, inferenceUrl, Map.of());
	}

}
