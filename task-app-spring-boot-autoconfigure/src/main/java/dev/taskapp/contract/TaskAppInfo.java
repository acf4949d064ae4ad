package dev.taskapp.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code GET /info}: the service, its data set, rubrics, model and limits.
 *
 * @param service the task and its version
 * @param dataset the data set
 * @param rubrics the rubrics, {@code null} when none is configured
 * @param inference the expected model
 * @param limits the limits
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskAppInfo(@JsonProperty("service") Service service, @JsonProperty("dataset") DatasetInfo dataset,
		@JsonProperty("rubrics") @Nullable RubricInfo rubrics, @JsonProperty("inference") InferenceInfo inference,
		@JsonProperty("limits") LimitsInfo limits) {

	/**
	 * Returns the {@code /info} body of a task app with the given base TaskInfo and rubrics.
	 * @param base the base TaskInfo
	 * @param rubrics the configured rubrics, or {@code null} when there are none
	 * @return the body
	 */
	public static TaskAppInfo of(TaskInfo base, @Nullable RubricInfo rubrics) {
		return new TaskAppInfo(new Service(base.task(), base.task().version()), base.dataset(), rubrics,
				base.inference(), base.limits());
	}

	/**
	 * The task a service serves and its version.
	 *
	 * @param task the task
	 * @param version the task's version
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record Service(@JsonProperty("task") TaskDescriptor task, @JsonProperty("version") @Nullable String version) {

	}

}
