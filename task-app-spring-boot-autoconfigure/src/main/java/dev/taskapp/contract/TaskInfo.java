package dev.taskapp.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Description of a task or of one of its instances, as {@code /task_info} returns it.
 *
 * @param task what the task is
 * @param environment name of the environment
 * @param dataset the data set
 * @param rubric the rubrics
 * @param inference the expected model
 * @param limits the limits
 * @param taskMetadata free-form metadata of the task or instance
 * @param extra keys the contract does not name, kept and written back as they are
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskInfo(@JsonProperty("task") TaskDescriptor task,
		@JsonProperty("environment") String environment,
		@JsonProperty("dataset") DatasetInfo dataset,
		@JsonProperty("rubric") RubricInfo rubric,
		@JsonProperty("inference") InferenceInfo inference,
		@JsonProperty("limits") LimitsInfo limits,
		@JsonProperty("task_metadata") Map<String, Object> taskMetadata,
		@JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

	/**
	 * Creates a TaskInfo; a missing data set, rubric, inference or limits part is empty.
	 */
	public TaskInfo {
		dataset = (dataset != null) ? dataset : new DatasetInfo(null, null, null, List.of(), null, null);
		rubric = (rubric != null) ? rubric : RubricInfo.EMPTY;
		inference = (inference != null) ? inference : InferenceInfo.EMPTY;
		limits = (limits != null) ? limits : LimitsInfo.EMPTY;
		taskMetadata = Maps.immutable(taskMetadata);
		extra = Maps.immutable(extra);
	}

	/**
	 * Creates a TaskInfo without extra keys.
	 * @param task see the record description
	 * @param environment see the record description
	 * @param dataset see the record description
	 * @param rubric see the record description
	 * @param inference see the record description
	 * @param limits see the record description
	 * @param taskMetadata see the record description
	 */
	public TaskInfo(TaskDescriptor task, String environment, DatasetInfo dataset, RubricInfo rubric, InferenceInfo inference, LimitsInfo limits, Map<String, Object> taskMetadata) {
		this(task, environment, dataset, rubric, inference, limits, taskMetadata, Map.of());
	}

	/**
	 * Returns a TaskInfo for the given task and environment with every other part empty.
	 * @param task what the task is
	 * @param environment name of the environment
	 * @return the TaskInfo
	 */
	public static TaskInfo of(TaskDescriptor task, String environment) {
		return new TaskInfo(task, environment, null, null, null, null, Map.of());
	}

	/**
	 * Returns this TaskInfo with another data set.
	 * @param dataset the data set
	 * @return a TaskInfo with the data set
	 */
	public TaskInfo withDataset(DatasetInfo dataset) {
		return new TaskInfo(this.task, this.environment, dataset, this.rubric, this.inference, this.limits,
				this.taskMetadata, this.extra);
	}

	/**
	 * Returns this TaskInfo with another rubric.
	 * @param rubric the rubric
	 * @return a TaskInfo with the rubric
	 */
	public TaskInfo withRubric(RubricInfo rubric) {
		return new TaskInfo(this.task, this.environment, this.dataset, rubric, this.inference, this.limits,
				this.taskMetadata, this.extra);
	}

	/**
	 * Returns this TaskInfo with another inference part.
	 * @param inference the inference part
	 * @return a TaskInfo with the inference part
	 */
	public TaskInfo withInference(InferenceInfo inference) {
		return new TaskInfo(this.task, this.environment, this.dataset, this.rubric, inference, this.limits,
				this.taskMetadata, this.extra);
	}

	/**
	 * Returns this TaskInfo with other limits.
	 * @param limits the limits
	 * @return a TaskInfo with the limits
	 */
	public TaskInfo withLimits(LimitsInfo limits) {
		return new TaskInfo(this.task, this.environment, this.dataset, this.rubric, this.inference, limits,
				this.taskMetadata, this.extra);
	}

	/**
	 * Returns this TaskInfo with other task metadata.
	 * @param taskMetadata the metadata
	 * @return a TaskInfo with the metadata
	 */
	public TaskInfo withTaskMetadata(Map<String, Object> taskMetadata) {
		return new TaskInfo(this.task, this.environment, this.dataset, this.rubric, this.inference, this.limits,
				taskMetadata, this.extra);
	}

	/**
	 * Returns this TaskInfo with one more extra key, such as a per-instance {@code seed}.
	 * @param key the key
	 * @param value the value
	 * @return a TaskInfo with the key
	 */
	public TaskInfo withExtra(String key, Object value) {
		Map<String, Object> merged = new LinkedHashMap<>(this.extra);
		merged.put(key, value);
		return new TaskInfo(this.task, this.environment, this.dataset, this.rubric, this.inference, this.limits,
				this.taskMetadata, merged);
	}

}
