package dev.taskapp.tracing;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A rollout that ended, as a {@link RolloutListener} sees it.
 *
 * @param runId the request's run id
 * @param seed the request's seed, or {@code null}
 * @param mode {@code rl} or {@code eval}, or {@code null} when the caller sent none
 * @param traceCorrelationId the trace correlation id, or {@code null}
 * @param endedAt when the rollout ended
 * @param durationNanos how long it took
 * @param outcome how it ended
 * @param status the HTTP status it was answered with, 0 when the caller went away
 * @param reward the answer's {@code metrics.mean_return}, or {@code null} without an answer
 * @param error what went wrong, or {@code null} when it succeeded
 * @param calls the LM calls recorded, empty when none were
 */
public record FinishedRollout(String runId, @Nullable Integer seed, @Nullable String mode,
		@Nullable String traceCorrelationId, Instant endedAt, long durationNanos, RolloutOutcome outcome, int status,
		@Nullable Double reward, @Nullable String error, List<LmCall> calls) {

	/**
	 * Creates a finished rollout.
	 */
	public FinishedRollout {
		calls = List.copyOf(calls);
	}

}
