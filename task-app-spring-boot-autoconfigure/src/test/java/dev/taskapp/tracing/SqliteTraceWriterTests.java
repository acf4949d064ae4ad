package dev.taskapp.tracing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests of {@link SqliteTraceWriter}: the tracing_v3 layout and what one rollout writes.
 */
class SqliteTraceWriterTests {

	@TempDir
	Path directory;

	private SqliteTraceWriter writer;

	@AfterEach
	void close() throws SQLException {
		if (this.writer != null) {
			this.writer.close();
		}
	}

	@Test
	void schemaFollowsTheTracingV3Tables() throws Exception {
		write(TestTraces.answered("run_1", 2, 1.0));
		assertThat(columns("session_traces")).containsExactly("session_id", "created_at", "num_timesteps",
				"num_events", "num_messages", "metadata", "experiment_id", "embedding");
		assertThat(columns("session_timesteps")).contains("session_id", "step_id", "step_index", "turn_number",
				"started_at", "completed_at", "step_metadata");
		assertThat(columns("events")).contains("session_id", "timestep_id", "event_type", "system_instance_id",
				"event_time", "message_time", "model_name", "provider", "input_tokens", "output_tokens", "total_tokens",
				"cost_usd", "latency_ms", "span_id", "trace_id", "call_records", "reward", "terminated", "truncated",
				"metadata", "event_metadata");
		assertThat(columns("messages")).contains("session_id", "timestep_id", "message_type", "content", "timestamp",
				"event_time", "message_time", "metadata");
		assertThat(columns("outcome_rewards")).contains("session_id", "total_reward", "achievements_count",
				"total_steps", "created_at", "reward_metadata");
	}

	@Test
	void answeredRolloutWritesSessionTimestepEventMessagesAndReward() throws Exception {
		RolloutTrace trace = TestTraces.answered("run_2", 2, 1.0);
		write(trace);
		Map<String, Object> session = row("SELECT * FROM session_traces");
		assertThat(session).containsEntry("session_id", trace.sessionId())
			.containsEntry("num_timesteps", 1)
			.containsEntry("num_events", 1)
			.containsEntry("num_messages", 3)
			.containsEntry("created_at", "2026-01-02 03:04:05.123456");
		assertThat(TraceJson.read(((String) session.get("metadata")).getBytes())).containsEntry("run_id", "run_2")
			.containsEntry("trace_correlation_id", "trace_run_2")
			.containsEntry("outcome", "success")
			.containsEntry("schema_version", "4.0");
		Map<String, Object> event = row("SELECT * FROM events");
		assertThat(event).containsEntry("event_type", "cais")
			.containsEntry("model_name", "gpt-test")
			.containsEntry("input_tokens", 42)
			.containsEntry("output_tokens", 7)
			.containsEntry("total_tokens", 49)
			.containsEntry("latency_ms", 250)
			.containsEntry("system_instance_id", "policy-1");
		assertThat((String) event.get("call_records")).contains("\"api_type\":\"chat_completions\"");
		assertThat(TraceJson.read(((String) event.get("metadata")).getBytes())).containsEntry("type", "lm_call");
		assertThat(rows("SELECT message_type, content FROM messages ORDER BY id")).extracting(
				(row) -> row.get("message_type"))
			.containsExactly("system", "user", "assistant");
		assertThat(rows("SELECT content FROM messages ORDER BY id").get(2).get("content").toString())
			.contains("\"tool_calls\"");
		assertThat(row("SELECT total_reward, total_steps FROM outcome_rewards")).containsEntry("total_steps", 1)
			.satisfies((reward) -> assertThat(((Number) reward.get("total_reward")).doubleValue()).isEqualTo(1.0));
	}

	@Test
	void fractionalRewardIsKept() throws Exception {
		write(TestTraces.answered("run_3", 2, 0.25));
		assertThat(row("SELECT total_reward FROM outcome_rewards").get("total_reward")).isEqualTo(0.25);
	}

	@Test
	void failedRolloutWritesNoReward() throws Exception {
		write(TestTraces.failed("run_4", 3));
		assertThat(rows("SELECT * FROM session_traces")).hasSize(1);
		assertThat(rows("SELECT * FROM outcome_rewards")).isEmpty();
	}

	@Test
	void batchIsOneTransactionAndSessionsAreWrittenOnce() throws Exception {
		RolloutTrace trace = TestTraces.answered("run_5", 2, 1.0);
		write(trace);
		assertThatException().isThrownBy(() -> this.writer.write(List.of(TestTraces.answered("run_6", 2, 1.0), trace)));
		assertThat(rows("SELECT * FROM session_traces")).hasSize(1);
		write(TestTraces.answered("run_7", 2, 1.0));
		assertThat(rows("SELECT * FROM session_traces")).hasSize(2);
	}

	@Test
	void unwritableLocationFailsTheWriteAndLaterWritesTryAgain() throws Exception {
		Path file = Files.writeString(this.directory.resolve("not-a-directory"), "x");
		this.writer = new SqliteTraceWriter(file.resolve("traces.db"));
		assertThatException().isThrownBy(() -> this.writer.write(List.of(TestTraces.answered("run_8", 1, 1.0))));
		assertThatException().isThrownBy(() -> this.writer.write(List.of(TestTraces.answered("run_9", 1, 1.0))));
	}

	@Test
	void storeCreatedBeforeFlywayManagedItKeepsItsRowsAndTakesNewOnes() throws Exception {
		Path file = this.directory.resolve("nested/traces.db");
		Files.createDirectories(file.getParent());
		String script = new String(getClass().getClassLoader()
			.getResourceAsStream(SqliteTraceWriter.SCHEMA_RESOURCE)
			.readAllBytes());
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
				Statement statement = connection.createStatement()) {
			for (String sql : script.replaceAll("(?m)^--.*$", "").split(";")) {
				if (!sql.isBlank()) {
					statement.execute(sql);
				}
			}
			statement.execute("INSERT INTO session_traces (session_id, metadata) VALUES ('old', '{}')");
		}
		write(TestTraces.answered("run_10", 1, 1.0));
		assertThat(rows("SELECT session_id FROM session_traces")).hasSize(2);
		assertThat(rows("SELECT version FROM task_app_trace_schema_history WHERE success = 1 ORDER BY installed_rank"))
			.extracting((row) -> row.get("version"))
			.containsExactly("0", "1");
	}

	private void write(RolloutTrace trace) throws Exception {
		if (this.writer == null) {
			this.writer = new SqliteTraceWriter(this.directory.resolve("nested/traces.db"));
		}
		this.writer.write(List.of(trace));
	}

	private List<String> columns(String table) throws SQLException {
		List<String> columns = new ArrayList<>();
		for (Map<String, Object> column : rows("PRAGMA table_info(" + table + ")")) {
			columns.add((String) column.get("name"));
		}
		return columns;
	}

	private Map<String, Object> row(String sql) throws SQLException {
		List<Map<String, Object>> rows = rows(sql);
		assertThat(rows).hasSize(1);
		return rows.get(0);
	}

	private List<Map<String, Object>> rows(String sql) throws SQLException {
		try (Connection connection = DriverManager
			.getConnection("jdbc:sqlite:" + this.directory.resolve("nested/traces.db"));
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			List<Map<String, Object>> rows = new ArrayList<>();
			while (result.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
					row.put(result.getMetaData().getColumnName(i), result.getObject(i));
				}
				rows.add(row);
			}
			return rows;
		}
	}

}
