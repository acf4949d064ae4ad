package dev.taskapp.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

import dev.taskapp.tracing.FinishedRollout;
import dev.taskapp.tracing.RolloutListener;
import org.jspecify.annotations.Nullable;

/**
 * The console's always-on memory of the task app's rollouts: the last rollouts in a ring
 * buffer of fixed size, counts and mean rewards per second, and the rollouts in flight.
 * Recording a rollout stores a reference and bumps a few counters; nothing is serialised.
 * <p>
 * While a console is open (it asked for figures within the last
 * {@value #VIEWER_TIMEOUT_SECONDS} seconds) and recording calls is allowed, the LM calls of
 * every rollout are recorded, so that the console can show them.
 */
public final class RolloutLog implements RolloutListener {

	static final int VIEWER_TIMEOUT_SECONDS = 30;

	private static final int RATE_WINDOW_SECONDS = 10;

	private final AtomicReferenceArray<@Nullable ConsoleRollout> ring;

	private final AtomicLong finished = new AtomicLong();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final SecondBuckets buckets = new SecondBuckets();

	private final boolean recordCallsWhileViewed;

	private final LongSupplier nanoClock;

	private final LongSupplier millisClock;

	private volatile long lastViewedNanos;

	private volatile boolean viewed;

	/**
	 * Creates a log of the given number of rollouts.
	 * @param capacity how many of the last rollouts are kept
	 * @param recordCallsWhileViewed whether the LM calls of every rollout are recorded while a
	 * console is open
	 */
	public RolloutLog(int capacity, boolean recordCallsWhileViewed) {
		this(capacity, recordCallsWhileViewed, System::nanoTime, System::currentTimeMillis);
	}

	RolloutLog(int capacity, boolean recordCallsWhileViewed, LongSupplier nanoClock, LongSupplier millisClock) {
		if (capacity < 1) {
			throw new IllegalArgumentException("task-app.console.rollouts must be positive, got " + capacity);
		}
		this.ring = new AtomicReferenceArray<>(capacity);
		this.recordCallsWhileViewed = recordCallsWhileViewed;
		this.nanoClock = nanoClock;
		this.millisClock = millisClock;
	}

	@Override
	public boolean wantsCalls() {
		return this.recordCallsWhileViewed && this.viewed
				&& this.nanoClock.getAsLong() - this.lastViewedNanos < Duration.ofSeconds(VIEWER_TIMEOUT_SECONDS).toNanos();
	}

	@Override
	public void rolloutStarted() {
		this.inFlight.incrementAndGet();
	}

	@Override
	public void rolloutFinished(FinishedRollout rollout) {
		this.inFlight.decrementAndGet();
		long id = this.finished.incrementAndGet();
		this.ring.set((int) ((id - 1) % this.ring.length()), new ConsoleRollout(id, rollout));
		this.buckets.add(rollout.endedAt().getEpochSecond(), rollout.reward());
	}

	/**
	 * Notes that a console is looking, so that LM calls are recorded for a while.
	 */
	public void viewed() {
		this.lastViewedNanos = this.nanoClock.getAsLong();
		this.viewed = true;
	}

	/**
	 * Returns the number of rollouts started and not yet finished.
	 * @return the rollouts in flight
	 */
	public int inFlight() {
		return Math.max(0, this.inFlight.get());
	}

	/**
	 * Returns the load figures this log knows: the rollouts in flight, none rejected and no
	 * limit. Used when there is no other {@link RolloutLoad}.
	 * @return the load figures
	 */
	public RolloutLoad load() {
		return new RolloutLoad() {

			@Override
			public int inFlight() {
				return RolloutLog.this.inFlight();
			}

			@Override
			public long rejected() {
				return 0;
			}

			@Override
			public int limit() {
				return -1;
			}

		};
	}

	/**
	 * Returns the number of rollouts finished since start-up.
	 * @return the count
	 */
	public long finished() {
		return this.finished.get();
	}

	/**
	 * Returns the rollouts kept, newest first.
	 * @param max the most to return
	 * @return the rollouts
	 */
	public List<ConsoleRollout> recent(int max) {
		long last = this.finished.get();
		List<ConsoleRollout> rollouts = new ArrayList<>();
		for (long id = last; id >= 1 && id > last - this.ring.length() && rollouts.size() < max; id--) {
			ConsoleRollout rollout = this.ring.get((int) ((id - 1) % this.ring.length()));
			if (rollout != null && rollout.id() == id) {
				rollouts.add(rollout);
			}
		}
		return rollouts;
	}

	/**
	 * Returns a kept rollout.
	 * @param id its number
	 * @return the rollout, or {@code null} when it is not (or no longer) kept
	 */
	public @Nullable ConsoleRollout get(long id) {
		if (id < 1) {
			return null;
		}
		ConsoleRollout rollout = this.ring.get((int) ((id - 1) % this.ring.length()));
		return (rollout != null && rollout.id() == id) ? rollout : null;
	}

	/**
	 * Returns the rollouts finished per second over the last ten complete seconds.
	 * @return the rate
	 */
	public double rolloutsPerSecond() {
		long now = this.millisClock.getAsLong() / 1000;
		return this.buckets.count(now - RATE_WINDOW_SECONDS, now) / (double) RATE_WINDOW_SECONDS;
	}

	/**
	 * Returns the mean reward over the last five minutes, one point per window.
	 * @param windowSeconds the width of a point
	 * @return the points, oldest first
	 */
	List<SecondBuckets.RewardPoint> meanRewards(int windowSeconds) {
		return this.buckets.meanRewards(this.millisClock.getAsLong() / 1000 + 1, windowSeconds);
	}

	/**
	 * Returns a latency percentile over the rollouts kept.
	 * @param percentile between 0 and 100
	 * @return the latency, or {@code null} when no rollout is kept
	 */
	public @Nullable Duration latencyPercentile(double percentile) {
		return percentiles(percentile)[0];
	}

	/**
	 * Returns latency percentiles over the rollouts kept, sorting them once.
	 * @param percentiles each between 0 and 100
	 * @return the latencies in the same order, {@code null} when no rollout is kept
	 */
	@Nullable Duration[] percentiles(double... percentiles) {
		List<ConsoleRollout> kept = recent(this.ring.length());
		Duration[] result = new Duration[percentiles.length];
		if (kept.isEmpty()) {
			return result;
		}
		long[] nanos = kept.stream().mapToLong((rollout) -> rollout.rollout().durationNanos()).toArray();
		Arrays.sort(nanos);
		for (int i = 0; i < percentiles.length; i++) {
			int rank = (int) Math.ceil(percentiles[i] / 100.0 * nanos.length);
			result[i] = Duration.ofNanos(nanos[Math.min(nanos.length - 1, Math.max(0, rank - 1))]);
		}
		return result;
	}

}
