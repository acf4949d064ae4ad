package dev.taskapp.tracing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What happens around every rollout: the {@code task.app.rollout} observation, the trace
 * payload of a response whose request sets {@code record.return_trace}, and the rollout's trace
 * handed to the {@link RolloutTraceSink trace store}.
 * <p>
 * The observation is named {@value #OBSERVATION_NAME}; its low-cardinality keys are
 * {@code mode} ({@code rl}, {@code eval} or {@code none}), {@code outcome} (see
 * {@link RolloutOutcome}) and {@code status} (the HTTP status, {@code UNKNOWN} when the caller
 * went away). With Micrometer's meter handler it is a timer plus a long task timer
 * {@code task.app.rollout.active}; {@link RolloutMeters} adds the reward summary and the
 * in-flight gauge.
 * <p>
 * With no observation registry, no trace store and no trace asked for, {@link #start} returns
 * a shared run that does nothing, so the rollout pays nothing. Nothing here fails a rollout: a
 * sink that throws loses that trace only.
 */
public final class RolloutTracing {

	/** Name of the rollout observation. */
	public static final String OBSERVATION_NAME = "task.app.rollout";

	private static final Log logger = LogFactory.getLog(RolloutTracing.class);

	private final String appId;

	private final ObservationRegistry observations;

	private final @Nullable RolloutTraceSink sink;

	private final @Nullable RolloutListener listener;

	/**
	 * Creates the tracing of a task app.
	 * @param appId the task app's id
	 * @param observations where rollouts are observed; {@link ObservationRegistry#NOOP} for none
	 * @param sink where traces of finished rollouts go, or {@code null} to store none
	 */
	public RolloutTracing(String appId, ObservationRegistry observations, @Nullable RolloutTraceSink sink) {
		this(appId, observations, sink, null);
	}

	/**
	 * Creates the tracing of a task app whose rollouts are also reported to a listener.
	 * @param appId the task app's id
	 * @param observations where rollouts are observed; {@link ObservationRegistry#NOOP} for none
	 * @param sink where traces of finished rollouts go, or {@code null} to store none
	 * @param listener told about every rollout, or {@code null}
	 */
	public RolloutTracing(String appId, ObservationRegistry observations, @Nullable RolloutTraceSink sink,
			@Nullable RolloutListener listener) {
		this.appId = appId;
		this.observations = observations;
		this.sink = sink;
		this.listener = listener;
	}

	/**
	 * Returns tracing that only builds the traces requests ask for.
	 * @param appId the task app's id
	 * @return the tracing
	 */
	public static RolloutTracing disabled(String appId) {
		return new RolloutTracing(appId, ObservationRegistry.NOOP, null);
	}

	/**
	 * Returns whether the trace of every rollout is stored, so that every rollout's LM calls
	 * must be recorded.
	 * @return whether there is a trace store
	 */
	public boolean storesTraces() {
		return this.sink != null;
	}

	/**
	 * Returns whether the LM calls of a rollout starting now must be recorded: when traces are
	 * stored, or when the {@link RolloutListener} wants them.
	 * @return whether to record LM calls
	 */
	public boolean recordsCalls() {
		RolloutListener listener = this.listener;
		return this.sink != null || (listener != null && listener.wantsCalls());
	}

	/**
	 * Starts tracing a rollout.
	 * @param request the rollout request
	 * @param recorder the recorder of the rollout's LM calls
	 * @param traceCorrelationId the trace correlation id, or {@code null}
	 * @return the run, to be told how the rollout ends
	 */
	public Run start(RolloutRequest request, TraceRecorder recorder, @Nullable String traceCorrelationId) {
		boolean observed = !this.observations.isNoop();
		if (!observed && this.sink == null && this.listener == null && !request.record().returnTrace()) {
			return Run.NONE;
		}
		if (this.listener != null) {
			this.listener.rolloutStarted();
		}
		Observation observation = null;
		RolloutObservationContext context = null;
		if (observed) {
			String mode = (request.mode() != null) ? request.mode().wireValue() : "none";
			RolloutObservationContext observationContext = new RolloutObservationContext(mode);
			observation = Observation.createNotStarted(OBSERVATION_NAME, () -> observationContext, this.observations)
				.lowCardinalityKeyValue("mode", mode)
				.start();
			context = observationContext;
		}
		return new Run(this, request, recorder, traceCorrelationId, observation, context);
	}

	/**
	 * One traced rollout. Tell it how the rollout ended exactly once: {@link #succeeded},
	 * {@link #failed} or {@link #cancelled}; later calls are ignored.
	 */
	public static final class Run {

		private static final int MAX_ERROR_LENGTH = 1000;

		static final Run NONE = new Run(null, null, TraceRecorder.disabled(), null, null, null);

		private final @Nullable RolloutTracing tracing;

		private final @Nullable RolloutRequest request;

		private final TraceRecorder recorder;

		private final @Nullable String traceCorrelationId;

		private final @Nullable Observation observation;

		private final @Nullable RolloutObservationContext context;

		private final Instant startedAt;

		private final long startedNanos;

		private final AtomicBoolean finished = new AtomicBoolean();

		private @Nullable String sessionId;

		private Run(@Nullable RolloutTracing tracing, @Nullable RolloutRequest request, TraceRecorder recorder,
				@Nullable String traceCorrelationId, @Nullable Observation observation,
				@Nullable RolloutObservationContext context) {
			this.tracing = tracing;
			this.request = request;
			this.recorder = recorder;
			this.traceCorrelationId = traceCorrelationId;
			this.observation = observation;
			this.context = context;
			this.startedAt = (tracing != null) ? Instant.now() : Instant.EPOCH;
			this.startedNanos = (tracing != null) ? System.nanoTime() : 0;
		}

		/**
		 * Returns whether this run does nothing: no observation, no trace asked for and no
		 * trace store.
		 * @return whether the run does nothing
		 */
		public boolean isNoop() {
			return this.tracing == null;
		}

		/**
		 * Returns the response with the trace payload when the request asked for one
		 * ({@code record.return_trace}) and the handler set none.
		 * @param response the handler's response
		 * @return the response to send
		 */
		public RolloutResponse completed(RolloutResponse response) {
			RolloutRequest request = this.request;
			if (request == null || !request.record().returnTrace() || response.trace() != null) {
				return response;
			}
			RolloutTrace trace = trace(request, RolloutOutcome.SUCCESS, 200, response);
			Map<String, Object> payload = TracePayloads.of(trace, request.record().traceFormat());
			return new RolloutResponse(response.runId(), response.trajectories(), response.branches(),
					response.metrics(), response.aborted(), response.opsExecuted(), response.traceCorrelationId(),
					payload, response.pipelineMetadata());
		}

		/**
		 * Records that the rollout was answered with 200.
		 * @param response the response sent
		 */
		public void succeeded(RolloutResponse response) {
			finish(RolloutOutcome.SUCCESS, 200, response, null);
		}

		/**
		 * Records that the rollout failed.
		 * @param status the HTTP status it was answered with
		 * @param error the failure
		 */
		public void failed(int status, Throwable error) {
			finish(RolloutOutcome.ofStatus(status), status, null, error);
		}

		/**
		 * Records that the caller went away before the rollout was answered.
		 */
		public void cancelled() {
			finish(RolloutOutcome.CANCELLED, 0, null, null);
		}

		private void finish(RolloutOutcome outcome, int status, @Nullable RolloutResponse response,
				@Nullable Throwable error) {
			RolloutTracing tracing = this.tracing;
			RolloutRequest request = this.request;
			if (tracing == null || request == null || !this.finished.compareAndSet(false, true)) {
				return;
			}
			Observation observation = this.observation;
			if (observation != null) {
				if (this.context != null && response != null) {
					this.context.setReward(response.metrics().meanReturn());
				}
				observation.lowCardinalityKeyValue("outcome", outcome.value())
					.lowCardinalityKeyValue("status", (status != 0) ? Integer.toString(status) : "UNKNOWN");
				if (error != null) {
					observation.error(error);
				}
				observation.stop();
			}
			RolloutListener listener = tracing.listener;
			if (listener != null) {
				try {
					listener.rolloutFinished(finished(request, outcome, status, response, error));
				}
				catch (RuntimeException ex) {
					logger.debug("A rollout listener failed on run " + request.runId(), ex);
				}
			}
			RolloutTraceSink sink = tracing.sink;
			if (sink != null) {
				try {
					sink.offer(trace(request, outcome, status, response));
				}
				catch (RuntimeException ex) {
					logger.debug("The rollout trace sink failed; the trace of run " + request.runId() + " is dropped",
							ex);
				}
			}
		}

		private FinishedRollout finished(RolloutRequest request, RolloutOutcome outcome, int status,
				@Nullable RolloutResponse response, @Nullable Throwable error) {
			Instant endedAt = Instant.now();
			return new FinishedRollout(request.runId(), request.env().resolvedSeed(),
					(request.mode() != null) ? request.mode().wireValue() : null, this.traceCorrelationId, endedAt,
					System.nanoTime() - this.startedNanos, outcome, status,
					(response != null) ? response.metrics().meanReturn() : null, errorOf(outcome, status, error),
					this.recorder.isRecording() ? this.recorder.calls() : List.of());
		}

		private static @Nullable String errorOf(RolloutOutcome outcome, int status, @Nullable Throwable error) {
			if (error == null) {
				return (outcome == RolloutOutcome.CANCELLED) ? "The caller went away before the answer was sent" : null;
			}
			String message = error.getMessage();
			boolean handlerFailed = status == 500 || message == null;
			String text = handlerFailed
					? error.getClass().getSimpleName() + ((message != null) ? ": " + message : "") : message;
			return (text.length() > MAX_ERROR_LENGTH) ? text.substring(0, MAX_ERROR_LENGTH) + "…" : text;
		}

		private RolloutTrace trace(RolloutRequest request, RolloutOutcome outcome, int status,
				@Nullable RolloutResponse response) {
			RolloutTracing tracing = this.tracing;
			String appId = (tracing != null) ? tracing.appId : "";
			return new RolloutTrace(sessionId(), appId, request, this.traceCorrelationId, this.startedAt, Instant.now(),
					outcome, status, response, this.recorder.calls());
		}

		private synchronized String sessionId() {
			if (this.sessionId == null) {
				this.sessionId = UUID.randomUUID().toString();
			}
			return this.sessionId;
		}

	}

}
