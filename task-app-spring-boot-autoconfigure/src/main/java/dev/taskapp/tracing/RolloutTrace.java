package dev.taskapp.tracing;

import java.time.Instant;
import java.util.List;

import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import org.jspecify.annotations.Nullable;

/**
 * The trace of one finished rollout: the request, how it ended, its answer and the LM calls
 * it made. What the trace payload is built from and what the trace store writes.
 *
 * @param sessionId identifier of the trace session (a random UUID), the primary key in the
 * store and {@code metadata.session_id} in the payload
 * @param appId the task app's id
 * @param request the rollout request
 * @param traceCorrelationId the trace correlation id, or {@code null}
 * @param startedAt when the rollout started
 * @param endedAt when it ended
 * @param outcome how it ended
 * @param status the HTTP status it was answered with, or 0 when cancelled
 * @param response the handler's answer, or {@code null} when it failed
 * @param calls the LM calls recorded, in order
 */
public record RolloutTrace(String sessionId, String appId, RolloutRequest request,
		@Nullable String traceCorrelationId, Instant startedAt, Instant endedAt, RolloutOutcome outcome, int status,
		@Nullable RolloutResponse response, List<LmCall> calls) {

	/**
	 * Creates a trace.
	 */
	public RolloutTrace {
		calls = List.copyOf(calls);
	}

	/**
	 * Returns the run id of the request.
	 * @return the run id
	 */
	public String runId() {
		return this.request.runId();
	}

	/**
	 * Returns the mode of the request.
	 * @return {@code rl} or {@code eval}, or {@code null} when the caller sent none
	 */
	public @Nullable String mode() {
		return (this.request.mode() != null) ? this.request.mode().wireValue() : null;
	}

	/**
	 * Returns the seed of the request.
	 * @return the seed, or {@code null}
	 */
	public @Nullable Integer seed() {
		return this.request.env().resolvedSeed();
	}

	/**
	 * Returns the rollout's reward: the answer's {@code metrics.mean_return}.
	 * @return the reward, or {@code null} when there is no answer
	 */
	public @Nullable Double reward() {
		return (this.response != null) ? this.response.metrics().meanReturn() : null;
	}

	/**
	 * Returns the number of steps of the answer's metrics.
	 * @return the number of steps, 0 when there is no answer
	 */
	public int numSteps() {
		return (this.response != null) ? this.response.metrics().numSteps() : 0;
	}

}
