package dev.taskapp.tracing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@link PostgresTraceWriter} against a real PostgreSQL server ({@link TestPostgres}).
 */
class PostgresTraceWriterTests {

	private final List<PostgresTraceWriter> writers = new ArrayList<>();

	private TestPostgres postgres;

	private String database;

	@AfterEach
	void close() throws SQLException {
		for (PostgresTraceWriter writer : this.writers) {
			writer.close();
		}
	}

	@Test
	void answeredRolloutWritesTheSameTablesAsTheSqliteStore() throws Exception {
		RolloutTrace trace = TestTraces.answered("run_1", 2, 0.25);
		writer().write(List.of(trace));
		Map<String, Object> session = row("SELECT session_id, num_timesteps, num_events, num_messages,"
				+ " metadata ->> 'run_id' AS run_id, metadata ->> 'schema_version' AS schema_version,"
				+ " to_char(created_at, 'YYYY-MM-DD HH24:MI:SS.US') AS created_at FROM session_traces");
		assertThat(session).containsEntry("session_id", trace.sessionId())
			.containsEntry("num_timesteps", 1)
			.containsEntry("num_events", 1)
			.containsEntry("num_messages", 3)
			.containsEntry("run_id", "run_1")
			.containsEntry("schema_version", "4.0")
			.containsEntry("created_at", "2026-01-02 03:04:05.123456");
		Map<String, Object> event = row("SELECT event_type, model_name, input_tokens, output_tokens, total_tokens,"
				+ " latency_ms, system_instance_id, call_records -> 0 ->> 'api_type' AS api_type,"
				+ " metadata ->> 'type' AS type, timestep_id = (SELECT id FROM session_timesteps) AS in_step"
				+ " FROM events");
		assertThat(event).containsEntry("event_type", "cais")
			.containsEntry("model_name", "gpt-test")
			.containsEntry("input_tokens", 42)
			.containsEntry("output_tokens", 7)
			.containsEntry("total_tokens", 49)
			.containsEntry("latency_ms", 250)
			.containsEntry("system_instance_id", "policy-1")
			.containsEntry("api_type", "chat_completions")
			.containsEntry("type", "lm_call")
			.containsEntry("in_step", true);
		assertThat(rows("SELECT message_type FROM messages ORDER BY id")).extracting((row) -> row.get("message_type"))
			.containsExactly("system", "user", "assistant");
		assertThat(row("SELECT total_reward, total_steps FROM outcome_rewards")).containsEntry("total_reward", 0.25)
			.containsEntry("total_steps", 1);
	}

	@Test
	void queueOpensTheStoreAtStartSoTheSchemaIsReadyBeforeTheFirstRollout() throws Exception {
		TraceWriteQueue queue = new TraceWriteQueue(List.of(writer()), 10, 10);
		queue.start();
		try {
			assertThat(rows("SELECT version FROM task_app_trace_schema_history WHERE success"))
				.extracting((row) -> row.get("version"))
				.containsExactly("1");
			assertThat(rows("SELECT * FROM session_traces")).isEmpty();
		}
		finally {
			queue.stop();
		}
	}

	@Test
	void failedRolloutWritesNoReward() throws Exception {
		writer().write(List.of(TestTraces.failed("run_2", 3)));
		assertThat(rows("SELECT * FROM session_traces")).hasSize(1);
		assertThat(rows("SELECT * FROM outcome_rewards")).isEmpty();
	}

	@Test
	void batchIsOneTransactionAndSessionsAreWrittenOnce() throws Exception {
		PostgresTraceWriter writer = writer();
		RolloutTrace trace = TestTraces.answered("run_3", 2, 1.0);
		writer.write(List.of(trace));
		assertThatException().isThrownBy(() -> writer.write(List.of(TestTraces.answered("run_4", 2, 1.0), trace)));
		assertThat(rows("SELECT * FROM session_traces")).hasSize(1);
		writer.write(List.of(TestTraces.answered("run_5", 2, 1.0)));
		assertThat(rows("SELECT metadata ->> 'run_id' AS run_id FROM session_traces ORDER BY created_at"))
			.extracting((row) -> row.get("run_id"))
			.containsExactlyInAnyOrder("run_3", "run_5");
	}

	@Test
	void replicasStartingTogetherMigrateTheSchemaOnceAndAllWrite() throws Exception {
		this.postgres = TestPostgres.require();
		this.database = this.postgres.createDatabase();
		int replicas = 4;
		CountDownLatch ready = new CountDownLatch(replicas);
		List<CompletableFuture<Void>> writes = new ArrayList<>();
		for (int i = 0; i < replicas; i++) {
			PostgresTraceWriter replica = writer(this.database);
			RolloutTrace trace = TestTraces.answered("replica_" + i, i, 1.0);
			writes.add(CompletableFuture.runAsync(() -> {
				ready.countDown();
				try {
					ready.await(10, TimeUnit.SECONDS);
					replica.write(List.of(trace));
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}));
		}
		CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		assertThat(rows("SELECT * FROM session_traces")).hasSize(replicas);
		assertThat(rows("SELECT version FROM task_app_trace_schema_history WHERE success"))
			.extracting((row) -> row.get("version"))
			.containsExactly("1");
	}

	@Test
	void databaseWithTablesOfTheApplicationGetsTheTraceTablesBesideThem() throws Exception {
		this.postgres = TestPostgres.require();
		this.database = this.postgres.createDatabase();
		execute("CREATE TABLE jobs (id TEXT PRIMARY KEY)");
		execute("INSERT INTO jobs VALUES ('job_1')");
		writer(this.database).write(List.of(TestTraces.answered("run_6", 1, 1.0)));
		assertThat(rows("SELECT * FROM session_traces")).hasSize(1);
		assertThat(rows("SELECT * FROM jobs")).hasSize(1);
	}

	@Test
	void wrongPasswordFailsTheWriteWithoutShowingThePassword() throws Exception {
		this.postgres = TestPostgres.require();
		this.database = this.postgres.createDatabase();
		PostgresTraceWriter writer = new PostgresTraceWriter(this.database, this.postgres.user(), "wrong-s3cret");
		this.writers.add(writer);
		assertThatException().isThrownBy(() -> writer.write(List.of(TestTraces.answered("run_7", 1, 1.0))))
			.satisfies((ex) -> assertThat(fullMessage(ex)).doesNotContain("wrong-s3cret"));
		assertThat(writer.toString()).doesNotContain("wrong-s3cret");
	}

	@Test
	void urlThatCarriesAPasswordIsRefusedWithoutShowingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PostgresTraceWriter("jdbc:postgresql://db:5432/traces?user=app&password=s3cret",
					null, null))
			.withMessageContaining("must not carry a password")
			.withMessageNotContaining("s3cret");
	}

	@Test
	void urlOfAnotherDatabaseIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PostgresTraceWriter("jdbc:mysql://db:3306/traces", null, null))
			.withMessageContaining("Not a PostgreSQL JDBC URL");
	}

	@Test
	void toStringAndLocationLeaveTheQueryOut() {
		PostgresTraceWriter writer = new PostgresTraceWriter("jdbc:postgresql://db:5432/traces?sslmode=require",
				"app", "s3cret");
		assertThat(writer.location()).isEqualTo("jdbc:postgresql://db:5432/traces");
		assertThat(writer.toString()).isEqualTo("PostgresTraceWriter[jdbc:postgresql://db:5432/traces]")
			.doesNotContain("s3cret");
	}

	private PostgresTraceWriter writer() throws SQLException {
		this.postgres = TestPostgres.require();
		this.database = this.postgres.createDatabase();
		return writer(this.database);
	}

	private PostgresTraceWriter writer(String url) {
		PostgresTraceWriter writer = new PostgresTraceWriter(url, this.postgres.user(), this.postgres.password());
		this.writers.add(writer);
		return writer;
	}

	private static String fullMessage(Throwable ex) {
		StringBuilder message = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			message.append(cause).append('\n');
		}
		return message.toString();
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = this.postgres.connect(this.database);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private Map<String, Object> row(String sql) throws SQLException {
		List<Map<String, Object>> rows = rows(sql);
		assertThat(rows).hasSize(1);
		return rows.get(0);
	}

	private List<Map<String, Object>> rows(String sql) throws SQLException {
		try (Connection connection = this.postgres.connect(this.database);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			List<Map<String, Object>> rows = new ArrayList<>();
			while (result.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
					row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
				}
				rows.add(row);
			}
			return rows;
		}
	}

}
