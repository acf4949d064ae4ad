package dev.taskapp.container;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.tracing.ChatCompletionsTracing;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.web.RolloutAdmission;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs container rollouts, sync and async, and keeps their records: submission (deduplicated by
 * idempotency key), state, the final record and termination. Every rollout starts and ends in
 * {@link #execute}, the one place that bounds how many run at once; there each is observed as
 * {@code task.app.rollout} and its trace stored, as task-app rollouts are. With a store that
 * replicas share, the records of the async rollouts this replica runs are watched, so that one
 * terminated through another replica is stopped here too.
 */
final class ContainerRollouts {

	private static final Log logger = LogFactory.getLog(ContainerRollouts.class);

	/** How often the records of the running async rollouts are read from a shared store. */
	static final Duration WATCH_INTERVAL = Duration.ofMillis(500);

	private final TaskAppConfig config;

	private final ContainerRolloutAdapter adapter;

	private final RolloutRecordStore store;

	private final RolloutTracing tracing;

	private final RolloutAdmission admission;

	private final Map<String, Disposable> running = new ConcurrentHashMap<>();

	private @Nullable Disposable watcher;

	ContainerRollouts(TaskAppConfig config, RolloutRecordStore store, RolloutTracing tracing,
			RolloutAdmission admission) {
		this.config = config;
		this.adapter = new ContainerRolloutAdapter(config);
		this.store = store;
		this.tracing = tracing;
		this.admission = admission;
	}

	/**
	 * Takes a slot for a rollout whose request has not been read yet.
	 * @return the slot, or {@code null} when the app already runs as many rollouts as it
	 * admits; the caller then answers {@link #refusal()}
	 */
	@Nullable Slot admit() {
		return this.admission.tryAcquire() ? new Slot(this.admission) : null;
	}

	/**
	 * Returns the answer to a rollout {@link #admit()} refused: 503 with {@code Retry-After}.
	 * @return the answer
	 */
	Answer refusal() {
		return refused(this.admission.rejection());
	}

	/**
	 * Submits a rollout in the slot {@link #admit()} took for it.
	 * @param request the request
	 * @param slot the rollout's slot: given back here when the rollout does not run, else when
	 * it ends
	 * @return the answer: 200 with the result of a sync rollout, 202 with the running record of
	 * an async one, or the record of an earlier submission with the same idempotency key
	 */
	Mono<Answer> submit(ContainerRolloutRequest request, Slot slot) {
		String mode = request.async() ? "async" : "sync";
		Instant createdAt = Instant.now();
		RolloutContext context = this.adapter.context(request);
		RolloutRecord accepted = new RolloutRecord(request.rolloutId(), request.idempotencyKey(),
				RolloutStatus.RUNNING, createdAt,
				this.adapter.pending(request, RolloutStatus.RUNNING, createdAt, mode, null));
		RolloutRecord earlier;
		try {
			earlier = this.store.putIfAbsent(accepted);
		}
		catch (RuntimeException ex) {
			slot.release();
			logger.error("Could not store the record of rollout " + request.rolloutId(), ex);
			return Mono.just(storeUnavailable());
		}
		if (earlier != null) {
			slot.release();
			return Mono.just(new Answer(earlier.status().terminal() ? 200 : 202, earlier.body()));
		}
		Mono<RolloutRecord> outcome = execute(request, context, createdAt, mode).doFinally((signal) -> slot.release());
		if (!request.async()) {
			return outcome.map(ContainerRollouts::syncAnswer);
		}
		slot.handOver();
		Disposable work = outcome.subscribe();
		if (!work.isDisposed()) {
			this.running.put(request.rolloutId(), work);
			if (this.store.shared()) {
				watchRunning();
			}
		}
		return Mono.just(new Answer(202, accepted.body()));
	}

	/**
	 * Runs the task app's handler for one rollout and records how it ended. Every container
	 * rollout, sync and async, passes here exactly once, holding the admission slot that
	 * {@link #submit} took; it is given back when the rollout ends, is terminated or its caller
	 * goes away.
	 */
	private Mono<RolloutRecord> execute(ContainerRolloutRequest request, RolloutContext context, Instant createdAt,
			String mode) {
		RolloutTracing.Run run = this.tracing.start(context.request(), context.traces(), context.traceCorrelationId());
		return Mono.defer(() -> this.config.rolloutHandler().rollout(context))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("The rollout handler completed without a response")))
			.contextWrite(ChatCompletionsTracing.withRecorder(context.traces()))
			.map((response) -> {
				run.succeeded(response);
				return finished(request, response, context, createdAt, mode);
			})
			.onErrorResume((ex) -> {
				run.failed((ex instanceof TaskAppHttpException httpException) ? httpException.getStatus() : 500, ex);
				return Mono.just(failed(request, ex, createdAt, mode));
			})
			.doOnNext(this::record)
			.doOnCancel(() -> {
				run.cancelled();
				cancelled(request, createdAt, mode, "the caller went away");
			})
			.doFinally((signal) -> this.running.remove(request.rolloutId()));
	}

	/**
	 * Stores how a rollout ended; a store that fails is logged, and the rollout is still
	 * answered.
	 */
	private void record(RolloutRecord record) {
		try {
			this.store.update(record);
		}
		catch (RuntimeException ex) {
			logger.error("Could not store the record of rollout " + record.rolloutId() + " ("
					+ record.status().wire() + ")", ex);
		}
	}

	private RolloutRecord finished(ContainerRolloutRequest request, RolloutResponse response, RolloutContext context,
			Instant createdAt, String mode) {
		Map<String, Object> body = this.adapter.completed(request, response, context.traces(), createdAt, mode);
		RolloutStatus status = response.aborted() ? RolloutStatus.FAILED : RolloutStatus.COMPLETED;
		return new RolloutRecord(request.rolloutId(), request.idempotencyKey(), status, Instant.now(), body);
	}

	private RolloutRecord failed(ContainerRolloutRequest request, Throwable ex, Instant createdAt, String mode) {
		String detail;
		Map<String, Object> error = new LinkedHashMap<>();
		if (ex instanceof TaskAppHttpException httpException) {
			detail = String.valueOf(httpException.getMessage());
			error.put("code", httpException.getCode());
			error.put("status", httpException.getStatus());
		}
		else {
			logger.error("Rollout handler failed for rollout_id " + request.rolloutId(), ex);
			detail = "The rollout handler failed; the task app log has the cause";
			error.put("code", "rollout_failed");
			error.put("status", 500);
		}
		error.put("message", detail);
		Map<String, Object> body = new LinkedHashMap<>(
				this.adapter.pending(request, RolloutStatus.FAILED, createdAt, mode, detail));
		body.put("error", error);
		return new RolloutRecord(request.rolloutId(), request.idempotencyKey(), RolloutStatus.FAILED, Instant.now(),
				body);
	}

	private void cancelled(ContainerRolloutRequest request, Instant createdAt, String mode, String reason) {
		RolloutRecord known;
		try {
			known = this.store.get(request.rolloutId());
		}
		catch (RuntimeException ex) {
			logger.error("Could not read the record of cancelled rollout " + request.rolloutId(), ex);
			return;
		}
		if (known != null && !known.status().terminal()) {
			Map<String, Object> body = new LinkedHashMap<>(
					this.adapter.pending(request, RolloutStatus.CANCELLED, createdAt, mode, reason));
			body.put("termination", Map.of("reason", reason));
			record(new RolloutRecord(request.rolloutId(), request.idempotencyKey(), RolloutStatus.CANCELLED,
					Instant.now(), body));
		}
	}

	/**
	 * Returns the record of a rollout.
	 * @param rolloutId the rollout id
	 * @return the record
	 * @throws ContainerError (404) if the rollout is unknown or its record expired, (503) if
	 * the record store is unavailable
	 */
	RolloutRecord get(String rolloutId) {
		RolloutRecord record;
		try {
			record = this.store.get(rolloutId);
		}
		catch (RuntimeException ex) {
			logger.error("Could not read the record of rollout " + rolloutId, ex);
			throw new ContainerError(503, "record_store_unavailable",
					"The rollout record store is unavailable; retry later", List.of());
		}
		if (record == null) {
			throw ContainerError.unknownRollout(rolloutId);
		}
		return record;
	}

	/**
	 * Terminates a rollout: its handler is cancelled (so a model call in flight is aborted)
	 * and its record says {@code cancelled}. A finished rollout is left as it is.
	 * @param rolloutId the rollout id
	 * @param reason why, as the caller says
	 * @return the record after termination
	 * @throws ContainerError (404) if the rollout is unknown, (503) if the record store is
	 * unavailable
	 */
	RolloutRecord terminate(String rolloutId, @Nullable String reason) {
		RolloutRecord record = get(rolloutId);
		if (record.status().terminal()) {
			return record;
		}
		Map<String, Object> body = new LinkedHashMap<>(record.body());
		body.put("status", RolloutStatus.CANCELLED.wire());
		body.put("success_status", "cancelled");
		body.put("status_detail", "terminated: " + ((reason != null) ? reason : "no reason given"));
		body.put("termination", (reason != null) ? Map.of("reason", reason) : Map.of());
		body.put("updated_at", Instant.now().toString());
		RolloutRecord cancelled = new RolloutRecord(rolloutId, record.idempotencyKey(), RolloutStatus.CANCELLED,
				Instant.now(), body);
		try {
			this.store.update(cancelled);
		}
		catch (RuntimeException ex) {
			logger.error("Could not store the termination of rollout " + rolloutId, ex);
			throw new ContainerError(503, "record_store_unavailable",
					"The rollout record store is unavailable; the rollout was not terminated. Retry later", List.of());
		}
		Disposable work = this.running.remove(rolloutId);
		if (work != null) {
			work.dispose();
		}
		return cancelled;
	}

	/**
	 * Starts reading the records of the running async rollouts every {@link #WATCH_INTERVAL},
	 * unless that already happens; it stops when none runs.
	 */
	private synchronized void watchRunning() {
		if (this.watcher == null) {
			this.watcher = Flux.interval(WATCH_INTERVAL, Schedulers.boundedElastic())
				.subscribe((tick) -> stopTerminatedElsewhere());
		}
	}

	private void stopTerminatedElsewhere() {
		if (this.running.isEmpty()) {
			stopWatchingWhenIdle();
			return;
		}
		Set<String> cancelled;
		try {
			cancelled = this.store.cancelledAmong(List.copyOf(this.running.keySet()));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read whether running rollouts were terminated through another replica: "
					+ ex.getMessage());
			return;
		}
		for (String rolloutId : cancelled) {
			Disposable work = this.running.remove(rolloutId);
			if (work != null) {
				logger.debug("Rollout " + rolloutId + " was terminated through another replica: stopping it");
				work.dispose();
			}
		}
	}

	private synchronized void stopWatchingWhenIdle() {
		if (this.running.isEmpty() && this.watcher != null) {
			this.watcher.dispose();
			this.watcher = null;
		}
	}

	/**
	 * Returns the number of async rollouts whose handler is still running.
	 * @return the number
	 */
	int runningAsync() {
		return this.running.size();
	}

	/**
	 * A sync rollout whose handler failed is answered with the handler's status and a
	 * {@code ValidationError}-shaped body; a 4xx of the handler is the caller's fault, a 422.
	 */
	private static Answer syncAnswer(RolloutRecord record) {
		if (record.status() != RolloutStatus.FAILED || !(record.body().get("error") instanceof Map<?, ?> error)) {
			return new Answer(200, record.body());
		}
		int status = (error.get("status") instanceof Integer given) ? given : 500;
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", error.get("code"));
		body.put("message", error.get("message"));
		body.put("fields", List.of());
		body.put("rollout_id", record.rolloutId());
		return new Answer((status >= 400 && status < 500) ? 422 : status, body);
	}

	/**
	 * Answers a rollout refused by admission control in the contract's error shape, with the
	 * limit and the {@code Retry-After} the caller should wait.
	 */
	private static Answer refused(RolloutAdmission.Rejection rejection) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", "overloaded");
		body.put("message", "The container already runs as many rollouts as it admits (capabilities.scale_leases);"
				+ " retry after " + rejection.retryAfterSeconds() + " s");
		body.put("fields", List.of());
		body.put("retry_after_s", rejection.retryAfterSeconds());
		return new Answer(rejection.status(), body, rejection.headers());
	}

	/**
	 * Answers a rollout whose record could not be stored: the shared record store is
	 * unreachable, and the caller may retry.
	 */
	private static Answer storeUnavailable() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", "record_store_unavailable");
		body.put("message", "The rollout record store is unavailable; the rollout did not start. Retry later");
		body.put("fields", List.of());
		return new Answer(503, body);
	}

	/**
	 * Returns whether the records live in a store that replicas share, whose reads and writes
	 * wait for a database and so do not belong on the web server's threads.
	 * @return whether the store is shared
	 */
	boolean storeShared() {
		return this.store.shared();
	}

	/**
	 * A rollout's place among those the app admits at once, taken before its request is read
	 * and given back exactly once. An async rollout's slot is handed over to its background
	 * work, which gives it back when it ends; until then whoever took it gives it back.
	 */
	static final class Slot {

		private final RolloutAdmission admission;

		private final AtomicBoolean released = new AtomicBoolean();

		private volatile boolean handedOver;

		private Slot(RolloutAdmission admission) {
			this.admission = admission;
		}

		/**
		 * Gives the slot back, once however often called.
		 */
		void release() {
			if (this.released.compareAndSet(false, true)) {
				this.admission.release();
			}
		}

		/**
		 * Leaves the slot to the rollout's background work, which gives it back when it ends.
		 */
		void handOver() {
			this.handedOver = true;
		}

		/**
		 * Gives the slot back unless a background rollout now holds it: for the request
		 * that took it, once its answer is sent or it failed or went away.
		 */
		void releaseUnlessHandedOver() {
			if (!this.handedOver) {
				release();
			}
		}

	}

	/**
	 * An answer to a rollout submission.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 * @param headers headers to send besides the content type
	 */
	record Answer(int status, Map<String, Object> body, Map<String, String> headers) {

		Answer(int status, Map<String, Object> body) {
			this(status, body, Map.of());
		}

	}

}
