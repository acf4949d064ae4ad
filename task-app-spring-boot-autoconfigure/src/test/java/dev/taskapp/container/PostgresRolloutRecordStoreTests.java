package dev.taskapp.container;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.taskapp.tracing.PostgresTraceWriter;
import dev.taskapp.tracing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests of {@link PostgresRolloutRecordStore} against a real PostgreSQL server: two stores on
 * one database stand for two replicas.
 */
class PostgresRolloutRecordStoreTests {

	private static final Instant NOW = Instant.parse("2026-12-04T10:00:00.123456Z");

	private static final Duration RETENTION = Duration.ofMinutes(10);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private TestPostgres postgres;

	private String database;

	@BeforeEach
	void createDatabase() throws Exception {
		this.postgres = TestPostgres.require();
		this.database = this.postgres.createDatabase();
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void recordStoredByOneReplicaIsReadByAnother() {
		RolloutRecord record = record("r-1", "key-1", RolloutStatus.RUNNING, NOW);
		assertThat(store(Clock.fixed(NOW, ZoneOffset.UTC)).putIfAbsent(record)).isNull();
		assertThat(store(Clock.fixed(NOW, ZoneOffset.UTC)).get("r-1")).isEqualTo(record);
		assertThat(store(Clock.fixed(NOW, ZoneOffset.UTC)).get("r-2")).isNull();
	}

	@Test
	void sameIdempotencyKeyIsStoredOnceWhenReplicasSubmitItTogether() throws Exception {
		int replicas = 4;
		List<PostgresRolloutRecordStore> stores = new ArrayList<>();
		for (int i = 0; i < replicas; i++) {
			PostgresRolloutRecordStore store = store(Clock.systemUTC());
			store.get("warm-up");
			stores.add(store);
		}
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<RolloutRecord>> answers = new ArrayList<>();
		for (int i = 0; i < replicas; i++) {
			PostgresRolloutRecordStore store = stores.get(i);
			RolloutRecord record = record("r-" + i, "shared-key", RolloutStatus.RUNNING, Instant.now());
			answers.add(CompletableFuture.supplyAsync(() -> {
				await(start);
				return store.putIfAbsent(record);
			}));
		}
		start.countDown();
		List<RolloutRecord> known = new ArrayList<>();
		for (CompletableFuture<RolloutRecord> answer : answers) {
			known.add(answer.get(30, TimeUnit.SECONDS));
		}
		assertThat(known).filteredOn(Objects::isNull).hasSize(1);
		String winner = "r-" + known.indexOf(null);
		assertThat(known).filteredOn(Objects::nonNull).extracting(RolloutRecord::rolloutId).containsOnly(winner);
		assertThat(count("SELECT count(*) FROM task_app_rollout_records")).isOne();
	}

	@Test
	void sameRolloutIdIsAnsweredWithTheKnownRecord() {
		PostgresRolloutRecordStore store = store(Clock.fixed(NOW, ZoneOffset.UTC));
		RolloutRecord first = record("r-1", null, RolloutStatus.RUNNING, NOW);
		store.putIfAbsent(first);
		assertThat(store(Clock.fixed(NOW, ZoneOffset.UTC)).putIfAbsent(record("r-1", null, RolloutStatus.RUNNING, NOW)))
			.isEqualTo(first);
	}

	@Test
	void cancelledRecordStaysCancelledWhenItsOwnerFinishesIt() {
		PostgresRolloutRecordStore owner = store(Clock.fixed(NOW, ZoneOffset.UTC));
		PostgresRolloutRecordStore other = store(Clock.fixed(NOW, ZoneOffset.UTC));
		owner.putIfAbsent(record("r-1", "key-1", RolloutStatus.RUNNING, NOW));
		other.update(record("r-1", "key-1", RolloutStatus.CANCELLED, NOW.plusSeconds(1)));
		assertThat(owner.cancelledAmong(List.of("r-1", "r-2"))).containsExactly("r-1");

		owner.update(record("r-1", "key-1", RolloutStatus.COMPLETED, NOW.plusSeconds(2)));
		assertThat(other.get("r-1")).extracting(RolloutRecord::status, RolloutRecord::updatedAt)
			.containsExactly(RolloutStatus.CANCELLED, NOW.plusSeconds(1));
	}

	@Test
	void finishedRecordExpiresAfterTheRetentionAndItsKeyCanBeUsedAgain() {
		MutableClock clock = new MutableClock(NOW);
		PostgresRolloutRecordStore store = store(clock);
		store.putIfAbsent(record("r-1", "key-1", RolloutStatus.RUNNING, NOW));
		store.update(record("r-1", "key-1", RolloutStatus.COMPLETED, NOW));
		clock.now = NOW.plus(RETENTION).minusSeconds(1);
		assertThat(store.get("r-1")).isNotNull();
		clock.now = NOW.plus(RETENTION);
		assertThat(store.get("r-1")).isNull();

		RolloutRecord again = record("r-2", "key-1", RolloutStatus.RUNNING, clock.now);
		assertThat(store.putIfAbsent(again)).isNull();
		assertThat(store.get("r-2")).isEqualTo(again);
	}

	@Test
	void runningRecordNeverExpires() {
		MutableClock clock = new MutableClock(NOW);
		PostgresRolloutRecordStore store = store(clock);
		store.putIfAbsent(record("r-1", "key-1", RolloutStatus.RUNNING, NOW));
		clock.now = NOW.plus(Duration.ofDays(1));
		assertThat(store.get("r-1")).isNotNull();
		assertThat(store.putIfAbsent(record("r-2", "key-1", RolloutStatus.RUNNING, clock.now)))
			.extracting(RolloutRecord::rolloutId)
			.isEqualTo("r-1");
	}

	@Test
	void recordTableLivesBesideTheTraceStoreInOneDatabase() throws Exception {
		PostgresTraceWriter traces = new PostgresTraceWriter(this.database, this.postgres.user(),
				this.postgres.password());
		this.closeables.add(traces::close);
		traces.prepare();
		store(Clock.systemUTC()).putIfAbsent(record("r-1", null, RolloutStatus.RUNNING, Instant.now()));
		assertThat(count("SELECT count(*) FROM task_app_rollout_records")).isOne();
		assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_name"
				+ " IN ('session_traces', 'task_app_trace_schema_history', 'task_app_rollout_record_schema_history')"))
			.isEqualTo(3);
	}

	@Test
	void unreachableDatabaseFailsWithoutShowingThePassword() {
		PostgresRolloutRecordStore store = new PostgresRolloutRecordStore("jdbc:postgresql://127.0.0.1:1/none", "app",
				"s3cret-password", RETENTION, Clock.systemUTC());
		assertThat(store.toString()).doesNotContain("s3cret");
		assertThatIllegalStateException().isThrownBy(() -> store.get("r-1"))
			.withMessageContaining("127.0.0.1:1/none")
			.withMessageNotContaining("s3cret");
	}

	private PostgresRolloutRecordStore store(Clock clock) {
		PostgresRolloutRecordStore store = new PostgresRolloutRecordStore(this.database, this.postgres.user(),
				this.postgres.password(), RETENTION, clock);
		this.closeables.add(store);
		return store;
	}

	private long count(String sql) throws Exception {
		try (Connection connection = this.postgres.connect(this.database);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static RolloutRecord record(String id, String key, RolloutStatus status, Instant updatedAt) {
		return new RolloutRecord(id, key, status, updatedAt,
				Map.of("rollout_id", id, "status", status.wire(), "reward_info", Map.of("outcome_reward", 0.5)));
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
