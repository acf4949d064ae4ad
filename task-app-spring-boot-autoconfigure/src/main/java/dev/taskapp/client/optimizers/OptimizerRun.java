package dev.taskapp.client.optimizers;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a submission, {@code POST /api/v1/optimizers/runs}: the
 * {@code OptimizerRunSubmitResponse} of {@code synth_optimizers/hosted.py}.
 *
 * @param runId the run id
 * @param status the status, lower case, such as {@code queued}
 * @param eventsUrl where the run's events are read
 * @param statusUrl where the run's status is read
 * @param artifactBaseUrl where the run's artifacts are read
 * @param algorithm the algorithm, or {@code null} when the backend did not name it
 * @param raw the whole answer, unmodifiable
 */
public record OptimizerRun(String runId, String status, String eventsUrl, String statusUrl, String artifactBaseUrl,
		@Nullable String algorithm, Map<String, Object> raw) {

	/**
	 * Creates a submission answer.
	 */
	public OptimizerRun {
		raw = JsonValues.unmodifiable(raw);
	}

}
