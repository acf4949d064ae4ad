package dev.taskapp.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * A {@link RolloutRecordStore} in this JVM's memory: a finished record expires the retention
 * period after it finished; running records never expire.
 */
public final class InMemoryRolloutRecordStore implements RolloutRecordStore {

	private static final int SWEEP_EVERY = 1024;

	private final Map<String, RolloutRecord> records = new ConcurrentHashMap<>();

	private final Map<String, String> idsByKey = new ConcurrentHashMap<>();

	private final AtomicLong writes = new AtomicLong();

	private final Duration retention;

	private final Clock clock;

	/**
	 * Creates a store.
	 * @param retention how long a finished record stays readable
	 * @param clock the clock expiry is measured with
	 */
	public InMemoryRolloutRecordStore(Duration retention, Clock clock) {
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public synchronized @Nullable RolloutRecord putIfAbsent(RolloutRecord record) {
		sweepNowAndThen();
		RolloutRecord known = get(record.rolloutId());
		if (known == null && record.idempotencyKey() != null) {
			String knownId = this.idsByKey.get(record.idempotencyKey());
			known = (knownId != null) ? get(knownId) : null;
		}
		if (known != null) {
			return known;
		}
		this.records.put(record.rolloutId(), record);
		if (record.idempotencyKey() != null) {
			this.idsByKey.put(record.idempotencyKey(), record.rolloutId());
		}
		return null;
	}

	@Override
	public void update(RolloutRecord record) {
		this.records.computeIfPresent(record.rolloutId(),
				(id, known) -> (known.status() == RolloutStatus.CANCELLED) ? known : record);
	}

	@Override
	public @Nullable RolloutRecord get(String rolloutId) {
		RolloutRecord record = this.records.get(rolloutId);
		if (record != null && expired(record, this.clock.instant())) {
			forget(record);
			return null;
		}
		return record;
	}

	private boolean expired(RolloutRecord record, Instant now) {
		return record.status().terminal() && !record.updatedAt().plus(this.retention).isAfter(now);
	}

	private void forget(RolloutRecord record) {
		this.records.remove(record.rolloutId(), record);
		if (record.idempotencyKey() != null) {
			this.idsByKey.remove(record.idempotencyKey(), record.rolloutId());
		}
	}

	private void sweepNowAndThen() {
		if (this.writes.incrementAndGet() % SWEEP_EVERY != 0) {
			return;
		}
		Instant now = this.clock.instant();
		for (Iterator<RolloutRecord> it = this.records.values().iterator(); it.hasNext();) {
			RolloutRecord record = it.next();
			if (expired(record, now)) {
				forget(record);
			}
		}
	}

}
