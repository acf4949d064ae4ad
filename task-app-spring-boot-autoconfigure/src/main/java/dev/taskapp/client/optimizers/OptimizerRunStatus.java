package dev.taskapp.client.optimizers;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A hosted-optimizer run as {@code GET /api/v1/optimizers/runs/{id}} (and the cancel route)
 * describe it: the {@code OptimizerRunRecord} of {@code synth_optimizers/hosted.py}.
 *
 * @param runId the run id
 * @param status the status as the backend sent it, lower case, such as {@code running}
 * @param algorithm the algorithm, such as {@code gepa}, or {@code null}
 * @param error the run's error, redacted, or {@code null}
 * @param result the run's result object, unmodifiable; empty when there is none yet
 * @param raw the whole answer, unmodifiable
 */
public record OptimizerRunStatus(String runId, String status, @Nullable String algorithm, @Nullable String error,
		Map<String, Object> result, Map<String, Object> raw) {

	/**
	 * The statuses after which a run does not change any more, as {@code RunStatus.terminal()}
	 * lists them.
	 */
	public static final Set<String> TERMINAL_STATUSES = Set.of("succeeded", "completed", "degraded",
			"failed_evidence", "failed", "cancelled", "infrastructure_lost", "cap_reached");

	/** The terminal statuses of a run that ended with a result. */
	public static final Set<String> SUCCESS_STATUSES = Set.of("succeeded", "completed");

	/**
	 * Creates a status.
	 */
	public OptimizerRunStatus {
		status = status.strip().toLowerCase(Locale.ROOT);
		result = JsonValues.unmodifiable(result);
		raw = JsonValues.unmodifiable(raw);
	}

	/**
	 * Returns whether the run will not change any more.
	 * @param status a status string, any case
	 * @return whether it is one of {@link #TERMINAL_STATUSES}
	 */
	public static boolean isTerminal(@Nullable String status) {
		return status != null && TERMINAL_STATUSES.contains(status.strip().toLowerCase(Locale.ROOT));
	}

	/**
	 * Returns whether the run will not change any more.
	 * @return whether the status is terminal
	 */
	public boolean isTerminal() {
		return isTerminal(this.status);
	}

	/**
	 * Returns whether the run ended with a result.
	 * @return whether the status is {@code succeeded} or {@code completed}
	 */
	public boolean succeeded() {
		return SUCCESS_STATUSES.contains(this.status);
	}

	/**
	 * Returns whether the run ended because it was cancelled.
	 * @return whether the status is {@code cancelled}
	 */
	public boolean cancelled() {
		return "cancelled".equals(this.status);
	}

}
