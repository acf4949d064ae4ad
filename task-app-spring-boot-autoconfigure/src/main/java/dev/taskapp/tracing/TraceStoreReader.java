package dev.taskapp.tracing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * Reads a trace store written by {@link SqliteTraceWriter}: lists recent rollouts with their
 * rewards and exports the SFT JSONL records of their LM calls. It opens the database read-only,
 * so it can run while the task app writes.
 *
 * <pre class="code">
 * TraceStoreReader store = new TraceStoreReader(Path.of("traces/task_app_traces.db"));
 * store.recentRollouts(20).forEach(System.out::println);
 * long records = store.exportSft(Path.of("sft.jsonl"), 1.0);   // only rollouts rewarded 1.0 or more
 * </pre>
 */
public final class TraceStoreReader {

	/**
	 * The query of {@link #recentRollouts(int)}; the parameter is the number of rollouts.
	 */
	public static final String RECENT_ROLLOUTS_SQL = """
			SELECT s.session_id,
			       json_extract(s.metadata, '$.run_id') AS run_id,
			       json_extract(s.metadata, '$.trace_correlation_id') AS trace_correlation_id,
			       json_extract(s.metadata, '$.mode') AS mode,
			       json_extract(s.metadata, '$.outcome') AS outcome,
			       r.total_reward AS reward,
			       s.num_events AS lm_calls,
			       s.created_at
			FROM session_traces s
			LEFT JOIN outcome_rewards r ON r.session_id = s.session_id
			ORDER BY s.created_at DESC, s.rowid DESC
			LIMIT ?""";

	private static final String SFT_CALLS_SQL = """
			SELECT e.metadata AS lm_call, s.session_id, s.metadata AS session, r.total_reward AS reward
			FROM events e
			JOIN session_traces s ON s.session_id = e.session_id
			LEFT JOIN outcome_rewards r ON r.session_id = e.session_id
			WHERE e.event_type = 'cais' AND (? IS NULL OR r.total_reward >= ?)
			ORDER BY s.created_at, s.session_id, e.message_time""";

	private final Path path;

	/**
	 * Creates a reader.
	 * @param path the database file
	 */
	public TraceStoreReader(Path path) {
		this.path = path;
	}

	/**
	 * Returns the most recent rollouts, newest first.
	 * @param limit the most rollouts to return
	 * @return the rollouts
	 * @throws SQLException if the store cannot be read
	 */
	public List<StoredRollout> recentRollouts(int limit) throws SQLException {
		try (Connection connection = open();
				PreparedStatement statement = connection.prepareStatement(RECENT_ROLLOUTS_SQL)) {
			statement.setInt(1, limit);
			List<StoredRollout> rollouts = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					double value = rows.getDouble("reward");
					Double reward = rows.wasNull() ? null : value;
					rollouts.add(new StoredRollout(rows.getString("session_id"), rows.getString("run_id"),
							rows.getString("trace_correlation_id"), rows.getString("mode"), rows.getString("outcome"),
							reward, rows.getInt("lm_calls"), rows.getString("created_at")));
				}
			}
			return rollouts;
		}
	}

	/**
	 * Writes the SFT JSONL records of the stored LM calls (in the shape {@link SftJsonlWriter}
	 * writes), oldest rollout first.
	 * @param output the JSONL file to write, replaced if it exists
	 * @param minReward the least reward of the rollouts whose calls are exported, or
	 * {@code null} for all rollouts
	 * @return the number of records written
	 * @throws SQLException if the store cannot be read
	 * @throws IOException if the file cannot be written
	 */
	public long exportSft(Path output, @Nullable Double minReward) throws SQLException, IOException {
		long count = 0;
		try (Connection connection = open();
				PreparedStatement statement = connection.prepareStatement(SFT_CALLS_SQL);
				BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
			if (minReward != null) {
				statement.setDouble(1, minReward);
				statement.setDouble(2, minReward);
			}
			else {
				statement.setNull(1, Types.REAL);
				statement.setNull(2, Types.REAL);
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					Map<String, Object> record = sftRecord(rows);
					if (record != null) {
						out.write(TraceJson.write(record));
						out.write('\n');
						count++;
					}
				}
			}
		}
		return count;
	}

	private static @Nullable Map<String, Object> sftRecord(ResultSet row) throws SQLException {
		Map<String, Object> event = TraceJson.read(bytes(row.getString("lm_call")));
		Map<String, Object> session = TraceJson.read(bytes(row.getString("session")));
		if (event == null) {
			return null;
		}
		Map<String, Object> request = TraceJson.child(event, "llm_request");
		Map<String, Object> response = TraceJson.child(event, "llm_response");
		if (request == null || response == null) {
			return null;
		}
		Instant startedAt = instant(TraceJson.string(event, "started_at"));
		Instant endedAt = instant(TraceJson.string(event, "ended_at"));
		LmCall call = LmCall.fromChatCompletion(request, response, startedAt, endedAt);
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("session_id", row.getString("session_id"));
		metadata.put("run_id", (session != null) ? session.get("run_id") : null);
		metadata.put("trace_correlation_id", (session != null) ? session.get("trace_correlation_id") : null);
		metadata.put("task_app", (session != null) ? session.get("task_app") : null);
		metadata.put("seed", (session != null) ? session.get("seed") : null);
		metadata.put("lm_call_index", event.get("call_index"));
		double reward = row.getDouble("reward");
		metadata.put("reward", row.wasNull() ? null : reward);
		metadata.put("outcome", (session != null) ? session.get("outcome") : null);
		return SftRecords.record(call, metadata);
	}

	private static byte[] bytes(@Nullable String text) {
		return (text != null) ? text.getBytes(StandardCharsets.UTF_8) : "null".getBytes(StandardCharsets.UTF_8);
	}

	private static Instant instant(@Nullable String text) {
		return (text != null) ? Instant.parse(text) : Instant.EPOCH;
	}

	private Connection open() throws SQLException {
		if (!Files.isRegularFile(this.path)) {
			throw new SQLException("No trace store at " + this.path.toAbsolutePath());
		}
		Properties properties = new Properties();
		properties.setProperty("open_mode", "1");
		return DriverManager.getConnection("jdbc:sqlite:" + this.path.toAbsolutePath(), properties);
	}

	/**
	 * A rollout in the store.
	 *
	 * @param sessionId the trace session id
	 * @param runId the request's run id
	 * @param traceCorrelationId the trace correlation id, or {@code null}
	 * @param mode the request's mode, or {@code null}
	 * @param outcome how the rollout ended, such as {@code success}
	 * @param reward the reward ({@code metrics.mean_return}), or {@code null} when the handler
	 * failed
	 * @param lmCalls the number of LM calls recorded
	 * @param createdAt when the rollout started, UTC
	 */
	public record StoredRollout(String sessionId, @Nullable String runId, @Nullable String traceCorrelationId,
			@Nullable String mode, @Nullable String outcome, @Nullable Double reward, int lmCalls, String createdAt) {

	}

}
