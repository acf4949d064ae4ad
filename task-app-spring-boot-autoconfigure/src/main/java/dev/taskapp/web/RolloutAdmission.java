package dev.taskapp.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The task app's limit on rollouts in flight: every rollout, sync or async, in either contract
 * and on either transport, takes a slot before any of its work starts and gives it back once,
 * whatever its outcome. A rollout that finds no free slot is refused at once with
 * {@linkplain #rejection() 503, {@code Retry-After} and a JSON body}, never queued.
 * <p>
 * The limit is {@code task-app.rollout.max-in-flight}, or {@linkplain #defaultLimit(long)
 * derived from the heap} when that is not set. A derived limit may be lowered later by a
 * tunnel that admits fewer requests at once ({@link #capDefault(int, String)}); an explicit one
 * never is.
 * <p>
 * Thread-safe; meant to be one bean shared by every route that runs rollouts.
 */
public final class RolloutAdmission implements AdmissionSaturation {

	private static final Log logger = LogFactory.getLog(RolloutAdmission.class);

	/** Status of a refused rollout. */
	public static final int REJECTED_STATUS = 503;

	/** Heap kept for the application itself before rollouts are counted. */
	static final long HEAP_RESERVE_BYTES = 64L * 1024 * 1024;

	/** Heap budgeted per rollout in flight: more than twice the measured retention of the sample. */
	static final long HEAP_PER_ROLLOUT_BYTES = 32L * 1024;

	/** Fewest rollouts a derived limit allows, whatever the heap. */
	static final int MIN_DEFAULT_LIMIT = 16;

	/** Most rollouts a derived limit allows, whatever the heap. */
	static final int MAX_DEFAULT_LIMIT = 10_000;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final LongAdder rejected = new LongAdder();

	private final boolean explicit;

	private final Duration retryAfter;

	private volatile Refusal refusal;

	private RolloutAdmission(int limit, boolean explicit, Duration retryAfter) {
		if (limit < 1) {
			throw new IllegalArgumentException("The rollout limit must be positive, got " + limit);
		}
		if (retryAfter.isNegative()) {
			throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
		}
		this.explicit = explicit;
		this.retryAfter = retryAfter;
		this.refusal = new Refusal(limit, retryAfter);
	}

	/**
	 * Returns an admission with a limit the application chose.
	 * @param limit most rollouts in flight at once
	 * @param retryAfter what a refused caller is told to wait, rounded up to whole seconds
	 * @return the admission
	 */
	public static RolloutAdmission explicit(int limit, Duration retryAfter) {
		return new RolloutAdmission(limit, true, retryAfter);
	}

	/**
	 * Returns an admission whose limit derives from the heap, as {@link #defaultLimit(long)}
	 * says.
	 * @param maxHeapBytes the heap, usually {@link Runtime#maxMemory()}
	 * @param retryAfter what a refused caller is told to wait, rounded up to whole seconds
	 * @return the admission
	 */
	public static RolloutAdmission derived(long maxHeapBytes, Duration retryAfter) {
		return new RolloutAdmission(defaultLimit(maxHeapBytes), false, retryAfter);
	}

	/**
	 * Returns the default limit of a heap: {@code (maxHeap - 64 MiB) / 32 KiB}, within 16 and
	 * 10,000. The sample retains about 12 KiB of heap per rollout in flight (connection,
	 * request, model call); the budget is more than twice that, so a burst past the limit, whose
	 * refusals also take heap for a moment, still fits. A 256 MiB heap gives 6,144.
	 * @param maxHeapBytes the heap
	 * @return the limit
	 */
	public static int defaultLimit(long maxHeapBytes) {
		long limit = (maxHeapBytes - HEAP_RESERVE_BYTES) / HEAP_PER_ROLLOUT_BYTES;
		return (int) Math.max(MIN_DEFAULT_LIMIT, Math.min(MAX_DEFAULT_LIMIT, limit));
	}

	/**
	 * Takes a slot if one is free. Every {@code true} must be followed by exactly one
	 * {@link #release()}; {@link #admit(Mono, Function)} does both.
	 * @return whether the rollout may run; {@code false} means answer {@link #rejection()}
	 */
	public boolean tryAcquire() {
		int limit = this.refusal.limit;
		for (;;) {
			int current = this.inFlight.get();
			if (current >= limit) {
				this.rejected.increment();
				return false;
			}
			if (this.inFlight.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	/**
	 * Gives back a slot taken by {@link #tryAcquire()}.
	 */
	public void release() {
		this.inFlight.decrementAndGet();
	}

	/**
	 * Runs a rollout in a slot: the returned {@link Mono} takes a slot when subscribed and gives
	 * it back once when the rollout succeeds, fails or is cancelled; with no free slot it
	 * emits the refusal instead and never subscribes to the rollout.
	 * @param <T> the answer type
	 * @param rollout the rollout's whole work, from reading its body to its answer
	 * @param refused the answer to a refused rollout, built from {@link #rejection()}
	 * @return the admitted rollout
	 */
	public <T> Mono<T> admit(Mono<T> rollout, Function<Rejection, T> refused) {
		return Mono.defer(() -> {
			if (!tryAcquire()) {
				return Mono.just(refused.apply(rejection()));
			}
			return rollout.doFinally((signal) -> release());
		});
	}

	/**
	 * Returns the answer to a refused rollout, the same for every transport and contract.
	 * @return the refusal
	 */
	public Rejection rejection() {
		return this.refusal.rejection;
	}

	/**
	 * Lowers a limit derived from the heap to what something in front of the task app admits;
	 * an explicit limit, or a derived one already at or below the cap, stays as it is.
	 * @param cap most requests at once the front admits
	 * @param reason what imposes the cap, for the log
	 * @return whether the limit was lowered
	 */
	public synchronized boolean capDefault(int cap, String reason) {
		if (this.explicit || cap < 1 || cap >= this.refusal.limit) {
			return false;
		}
		logger.info("Rollouts in flight are limited to " + cap + " instead of " + this.refusal.limit + ": " + reason
				+ " admits no more at once (task-app.rollout.max-in-flight sets the limit explicitly)");
		this.refusal = new Refusal(cap, this.retryAfter);
		return true;
	}

	/**
	 * Returns the most rollouts admitted at once.
	 * @return the limit
	 */
	@Override
	public int limit() {
		return this.refusal.limit;
	}

	/**
	 * Returns whether the limit was set by the application rather than derived.
	 * @return whether the limit is explicit
	 */
	public boolean isExplicit() {
		return this.explicit;
	}

	/**
	 * Returns the rollouts holding a slot now.
	 * @return the count
	 */
	@Override
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Returns the rollouts refused since start.
	 * @return the count
	 */
	public long rejected() {
		return this.rejected.sum();
	}

	@Override
	public String toString() {
		return "RolloutAdmission[limit=" + limit() + (this.explicit ? " (explicit)" : " (derived)") + ", inFlight="
				+ inFlight() + ", rejected=" + rejected() + "]";
	}

	/**
	 * The answer to a refused rollout: status 503, a {@code Retry-After} header and a JSON
	 * body {@code {"detail":{"error":{"code":"overloaded","message":…,"limit":…,
	 * "retry_after_s":…}}}}.
	 *
	 * @param status the HTTP status, {@value #REJECTED_STATUS}
	 * @param retryAfterSeconds the value of the {@code Retry-After} header
	 * @param body the JSON body
	 */
	public record Rejection(int status, long retryAfterSeconds, byte[] body) {

		/**
		 * Returns the headers to send besides {@code Content-Type: application/json}.
		 * @return the headers
		 */
		public Map<String, String> headers() {
			return Map.of("Retry-After", Long.toString(this.retryAfterSeconds));
		}

	}

	private static Map<String, Object> details(int limit, long retryAfterSeconds) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("limit", limit);
		details.put("retry_after_s", retryAfterSeconds);
		return details;
	}

	private static final class Refusal {

		private final int limit;

		private final Rejection rejection;

		Refusal(int limit, Duration retryAfter) {
			this.limit = limit;
			long seconds = (retryAfter.toMillis() + 999) / 1000;
			this.rejection = new Rejection(REJECTED_STATUS, seconds,
					ErrorBodies.error("overloaded",
							"The task app is running its limit of " + limit
									+ " rollouts at once (task-app.rollout.max-in-flight); retry after " + seconds
									+ " s",
							details(limit, seconds)));
		}

	}

}
