package dev.taskapp.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link InMemoryRolloutRecordStore}.
 */
class InMemoryRolloutRecordStoreTests {

	private Instant now = Instant.parse("2026-12-04T12:00:00Z");

	private final Clock clock = new Clock() {

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return InMemoryRolloutRecordStoreTests.this.now;
		}

	};

	private final InMemoryRolloutRecordStore store = new InMemoryRolloutRecordStore(Duration.ofMinutes(10), this.clock);

	@Test
	void secondRecordWithTheSameIdempotencyKeyGetsTheFirst() {
		RolloutRecord first = record("r1", "key", RolloutStatus.RUNNING);
		assertThat(this.store.putIfAbsent(first)).isNull();
		assertThat(this.store.putIfAbsent(record("r2", "key", RolloutStatus.RUNNING))).isEqualTo(first);
		assertThat(this.store.putIfAbsent(record("r1", null, RolloutStatus.RUNNING))).isEqualTo(first);
		assertThat(this.store.get("r2")).isNull();
	}

	@Test
	void finishedRecordExpiresTheRetentionAfterItFinishedAndFreesItsKey() {
		this.store.putIfAbsent(record("r1", "key", RolloutStatus.RUNNING));
		this.now = this.now.plus(Duration.ofHours(1));
		assertThat(this.store.get("r1")).as("running records never expire").isNotNull();
		this.store.update(record("r1", "key", RolloutStatus.COMPLETED));
		this.now = this.now.plus(Duration.ofMinutes(9));
		assertThat(this.store.get("r1")).isNotNull();
		this.now = this.now.plus(Duration.ofMinutes(1));
		assertThat(this.store.get("r1")).isNull();
		assertThat(this.store.putIfAbsent(record("r3", "key", RolloutStatus.RUNNING))).isNull();
	}

	@Test
	void cancelledRecordStaysCancelledWhenTheHandlerFinishesAfterAll() {
		this.store.putIfAbsent(record("r1", null, RolloutStatus.RUNNING));
		this.store.update(record("r1", null, RolloutStatus.CANCELLED));
		this.store.update(record("r1", null, RolloutStatus.COMPLETED));
		assertThat(this.store.get("r1").status()).isEqualTo(RolloutStatus.CANCELLED);
	}

	private RolloutRecord record(String id, String key, RolloutStatus status) {
		return new RolloutRecord(id, key, status, this.now, Map.of("rollout_id", id));
	}

}
