package dev.taskapp.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.contract.RolloutResponse;
import org.jspecify.annotations.Nullable;

/**
 * Writes rollout traces to an embedded SQLite database (the {@code org.xerial:sqlite-jdbc}
 * driver must be on the class path), one transaction per batch. The schema, created when the
 * database is first opened, is {@value #SCHEMA_RESOURCE}: the tracing_v3 layout of synth-ai
 * ({@code synth_ai/tracing_v3/turso/models.py} in synth-laboratories/synth-ai) —
 * {@code session_traces}, {@code session_timesteps}, {@code events} (one {@code cais} event
 * per LM call with its {@code LLMCallRecord}), {@code messages} and
 * {@code outcome_rewards}; the resource documents what each rollout writes.
 * <p>
 * The database runs in WAL mode, so it can be read while the task app writes.
 */
public final class SqliteTraceWriter implements TraceBatchWriter {

	/** Class path location of the schema script. */
	public static final String SCHEMA_RESOURCE = "dev/taskapp/tracing/trace-store-schema.sql";

	static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private static final String INSERT_SESSION = "INSERT INTO session_traces (session_id, created_at, num_timesteps,"
			+ " num_events, num_messages, metadata) VALUES (?, ?, ?, ?, ?, ?)";

	private static final String INSERT_TIMESTEP = "INSERT INTO session_timesteps (session_id, step_id, step_index,"
			+ " turn_number, started_at, completed_at, num_events, num_messages, step_metadata)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String INSERT_EVENT = "INSERT INTO events (session_id, timestep_id, event_type,"
			+ " system_instance_id, event_time, message_time, created_at, model_name, provider, input_tokens,"
			+ " output_tokens, total_tokens, latency_ms, call_records, metadata)"
			+ " VALUES (?, ?, 'cais', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String INSERT_MESSAGE = "INSERT INTO messages (session_id, timestep_id, message_type,"
			+ " content, timestamp, event_time, message_time, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String INSERT_REWARD = "INSERT INTO outcome_rewards (session_id, total_reward,"
			+ " achievements_count, total_steps, created_at, reward_metadata) VALUES (?, ?, 0, ?, ?, ?)";

	private final Path path;

	private @Nullable Connection connection;

	/**
	 * Creates a writer.
	 * @param path the database file; missing parent directories are created
	 */
	public SqliteTraceWriter(Path path) {
		this.path = path;
	}

	@Override
	public String name() {
		return "sqlite";
	}

	/**
	 * Returns the database file.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	@Override
	public void write(List<RolloutTrace> batch) throws SQLException, IOException {
		Connection connection = connection();
		try (Statements statements = new Statements(connection)) {
			for (RolloutTrace trace : batch) {
				statements.insert(trace);
			}
			connection.commit();
		}
		catch (SQLException | RuntimeException ex) {
			discard(connection);
			throw ex;
		}
	}

	private Connection connection() throws SQLException, IOException {
		Connection current = this.connection;
		if (current != null) {
			return current;
		}
		Connection opened = open(this.path);
		try {
			createSchema(opened);
			opened.setAutoCommit(false);
		}
		catch (SQLException | IOException | RuntimeException ex) {
			discard(opened);
			throw ex;
		}
		this.connection = opened;
		return opened;
	}

	/**
	 * Opens a connection to the database at the given path, in WAL mode.
	 * @param path the database file
	 * @return the connection
	 * @throws SQLException if the database cannot be opened
	 * @throws IOException if its directory cannot be created
	 */
	static Connection open(Path path) throws SQLException, IOException {
		Path parent = path.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Connection connection = DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath());
		try (Statement statement = connection.createStatement()) {
			statement.execute("PRAGMA busy_timeout = 5000");
			statement.execute("PRAGMA journal_mode = WAL");
			statement.execute("PRAGMA synchronous = NORMAL");
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

	private static void createSchema(Connection connection) throws SQLException, IOException {
		try (Statement statement = connection.createStatement()) {
			for (String sql : schemaStatements()) {
				statement.execute(sql);
			}
		}
	}

	/**
	 * Returns the statements of the schema script.
	 * @return the statements, without comments
	 * @throws IOException if the script cannot be read
	 */
	static List<String> schemaStatements() throws IOException {
		String script;
		try (InputStream in = SqliteTraceWriter.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
			if (in == null) {
				throw new IOException("Missing class path resource " + SCHEMA_RESOURCE);
			}
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		StringBuilder code = new StringBuilder();
		for (String line : script.split("\n")) {
			if (!line.strip().startsWith("--")) {
				code.append(line).append('\n');
			}
		}
		List<String> statements = new ArrayList<>();
		for (String statement : code.toString().split(";")) {
			if (!statement.isBlank()) {
				statements.add(statement.strip());
			}
		}
		return statements;
	}

	private void discard(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			// closed below
		}
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// nothing more to do
		}
		if (this.connection == connection) {
			this.connection = null;
		}
	}

	@Override
	public void close() throws SQLException {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			current.close();
		}
	}

	@Override
	public String toString() {
		return "SqliteTraceWriter[" + this.path + "]";
	}

	static String dateTime(Instant instant) {
		return DATE_TIME.format(instant);
	}

	/**
	 * The prepared statements of one batch.
	 */
	private static final class Statements implements AutoCloseable {

		private final PreparedStatement session;

		private final PreparedStatement timestep;

		private final PreparedStatement event;

		private final PreparedStatement message;

		private final PreparedStatement reward;

		private final PreparedStatement lastId;

		Statements(Connection connection) throws SQLException {
			this.session = connection.prepareStatement(INSERT_SESSION);
			this.timestep = connection.prepareStatement(INSERT_TIMESTEP);
			this.event = connection.prepareStatement(INSERT_EVENT);
			this.message = connection.prepareStatement(INSERT_MESSAGE);
			this.reward = connection.prepareStatement(INSERT_REWARD);
			this.lastId = connection.prepareStatement("SELECT last_insert_rowid()");
		}

		void insert(RolloutTrace trace) throws SQLException {
			List<LmCall> calls = trace.calls();
			int messages = 0;
			for (LmCall call : calls) {
				messages += call.messages().size() + ((call.message() != null) ? 1 : 0);
			}
			this.session.setString(1, trace.sessionId());
			this.session.setString(2, dateTime(trace.startedAt()));
			this.session.setInt(3, calls.size());
			this.session.setInt(4, calls.size());
			this.session.setInt(5, messages);
			this.session.setString(6, TraceJson.write(sessionMetadata(trace)));
			this.session.executeUpdate();
			for (int i = 0; i < calls.size(); i++) {
				insertCall(trace, calls.get(i), i);
			}
			RolloutResponse response = trace.response();
			if (response != null) {
				Map<String, Object> metadata = new LinkedHashMap<>();
				metadata.put("run_id", trace.runId());
				metadata.put("episode_returns", response.metrics().episodeReturns());
				metadata.put("outcome_score", response.metrics().outcomeScore());
				metadata.put("outcome", trace.outcome().value());
				this.reward.setString(1, trace.sessionId());
				this.reward.setDouble(2, response.metrics().meanReturn());
				this.reward.setInt(3, response.metrics().numSteps());
				this.reward.setString(4, dateTime(trace.endedAt()));
				this.reward.setString(5, TraceJson.write(metadata));
				this.reward.executeUpdate();
			}
		}

		private void insertCall(RolloutTrace trace, LmCall call, int index) throws SQLException {
			int messages = call.messages().size() + ((call.message() != null) ? 1 : 0);
			this.timestep.setString(1, trace.sessionId());
			this.timestep.setString(2, CallRecords.stepId(index));
			this.timestep.setInt(3, index);
			this.timestep.setInt(4, index);
			this.timestep.setString(5, dateTime(call.startedAt()));
			this.timestep.setString(6, dateTime(call.endedAt()));
			this.timestep.setInt(7, 1);
			this.timestep.setInt(8, messages);
			this.timestep.setString(9, "{}");
			this.timestep.executeUpdate();
			long timestepId = lastInsertId();
			Map<String, Object> cais = CallRecords.caisEvent(trace, call, index);
			this.event.setString(1, trace.sessionId());
			this.event.setLong(2, timestepId);
			this.event.setString(3, CallRecords.systemInstanceId(trace));
			this.event.setDouble(4, CallRecords.epochSeconds(call));
			this.event.setInt(5, index);
			this.event.setString(6, dateTime(call.endedAt()));
			setNullableString(this.event, 7, call.model());
			this.event.setNull(8, Types.VARCHAR);
			setNullableInt(this.event, 9, call.inputTokens());
			setNullableInt(this.event, 10, call.outputTokens());
			setNullableInt(this.event, 11, call.totalTokens());
			this.event.setLong(12, call.latency().toMillis());
			this.event.setString(13, TraceJson.write(cais.get("call_records")));
			this.event.setString(14, TraceJson.write(TracePayloads.lmCallEvent(trace, call, index, true)));
			this.event.executeUpdate();
			for (Map<String, Object> requestMessage : call.messages()) {
				insertMessage(trace, timestepId, requestMessage, call.startedAt(), index);
			}
			if (call.message() != null) {
				insertMessage(trace, timestepId, call.message(), call.endedAt(), index);
			}
		}

		private void insertMessage(RolloutTrace trace, long timestepId, Map<String, Object> chatMessage, Instant at,
				int index) throws SQLException {
			String role = (chatMessage.get("role") instanceof String value) ? value : "user";
			boolean toolCall = chatMessage.get("tool_calls") instanceof List<?> calls && !calls.isEmpty();
			Object content = chatMessage.get("content");
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("role", role);
			metadata.put("lm_call_index", index);
			metadata.put("is_tool_call", toolCall);
			this.message.setString(1, trace.sessionId());
			this.message.setLong(2, timestepId);
			this.message.setString(3, messageType(role));
			String text = (content instanceof String value && !toolCall) ? value : TraceJson.write(chatMessage);
			this.message.setString(4, text);
			this.message.setString(5, dateTime(at));
			this.message.setDouble(6, at.getEpochSecond() + at.getNano() / 1e9);
			this.message.setInt(7, index);
			this.message.setString(8, TraceJson.write(metadata));
			this.message.executeUpdate();
		}

		private static String messageType(String role) {
			return switch (role) {
				case "system", "developer" -> "system";
				case "assistant" -> "assistant";
				case "tool", "function" -> "tool_result";
				default -> "user";
			};
		}

		private static Map<String, Object> sessionMetadata(RolloutTrace trace) {
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("run_id", trace.runId());
			if (trace.traceCorrelationId() != null) {
				metadata.put("trace_correlation_id", trace.traceCorrelationId());
				metadata.put("correlation_ids", Map.of("trace_correlation_id", trace.traceCorrelationId()));
			}
			metadata.put("task_app", trace.appId());
			metadata.put("env_id", trace.request().env().envId());
			metadata.put("env_name", trace.request().env().envName());
			metadata.put("seed", trace.seed());
			metadata.put("mode", trace.mode());
			metadata.put("policy_id", trace.request().policy().policyId());
			metadata.put("policy_name", trace.request().policy().policyName());
			metadata.put("outcome", trace.outcome().value());
			metadata.put("status", trace.status());
			metadata.put("reward", trace.reward());
			metadata.put("num_steps", trace.numSteps());
			metadata.put("started_at", trace.startedAt().toString());
			metadata.put("ended_at", trace.endedAt().toString());
			metadata.put("schema_version", TracePayloads.SCHEMA_VERSION);
			return metadata;
		}

		private long lastInsertId() throws SQLException {
			try (ResultSet result = this.lastId.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}

		private static void setNullableString(PreparedStatement statement, int index, @Nullable String value)
				throws SQLException {
			if (value != null) {
				statement.setString(index, value);
			}
			else {
				statement.setNull(index, Types.VARCHAR);
			}
		}

		private static void setNullableInt(PreparedStatement statement, int index, @Nullable Integer value)
				throws SQLException {
			if (value != null) {
				statement.setInt(index, value);
			}
			else {
				statement.setNull(index, Types.INTEGER);
			}
		}

		@Override
		public void close() throws SQLException {
			this.session.close();
			this.timestep.close();
			this.event.close();
			this.message.close();
			this.reward.close();
			this.lastId.close();
		}

	}

}
