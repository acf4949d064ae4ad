package dev.taskapp.tracing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.contract.RolloutResponse;
import org.jspecify.annotations.Nullable;

/**
 * Inserts the rows of rollout traces into a trace store with the prepared statements of one
 * batch, in the tables the schema migrations create (the SQLite one documents what each
 * rollout writes).
 */
final class TraceRows implements AutoCloseable {

	private final PreparedStatement session;

	private final PreparedStatement timestep;

	private final PreparedStatement event;

	private final PreparedStatement message;

	private final PreparedStatement reward;

	private final @Nullable PreparedStatement lastId;

	private final TraceStoreDialect dialect;

	TraceRows(Connection connection, TraceStoreDialect dialect) throws SQLException {
		this.dialect = dialect;
		String json = dialect.json();
		this.session = connection.prepareStatement("INSERT INTO session_traces (session_id, created_at,"
				+ " num_timesteps, num_events, num_messages, metadata) VALUES (?, ?, ?, ?, ?, " + json + ")");
		this.timestep = connection.prepareStatement("INSERT INTO session_timesteps (session_id, step_id,"
				+ " step_index, turn_number, started_at, completed_at, num_events, num_messages, step_metadata)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, " + json + ")" + dialect.returningId());
		this.event = connection.prepareStatement("INSERT INTO events (session_id, timestep_id, event_type,"
				+ " system_instance_id, event_time, message_time, created_at, model_name, provider, input_tokens,"
				+ " output_tokens, total_tokens, latency_ms, call_records, metadata)"
				+ " VALUES (?, ?, 'cais', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + json + ", " + json + ")");
		this.message = connection.prepareStatement("INSERT INTO messages (session_id, timestep_id, message_type,"
				+ " content, timestamp, event_time, message_time, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, " + json
				+ ")");
		this.reward = connection.prepareStatement("INSERT INTO outcome_rewards (session_id, total_reward,"
				+ " achievements_count, total_steps, created_at, reward_metadata) VALUES (?, ?, 0, ?, ?, " + json
				+ ")");
		this.lastId = dialect.returningId().isEmpty() ? connection.prepareStatement("SELECT last_insert_rowid()")
				: null;
	}

	/**
	 * Inserts the rows of one rollout's trace.
	 */
	void insert(RolloutTrace trace) throws SQLException {
		List<LmCall> calls = trace.calls();
		int messages = 0;
		for (LmCall call : calls) {
			messages += call.messages().size() + ((call.message() != null) ? 1 : 0);
		}
		this.session.setString(1, trace.sessionId());
		this.dialect.setDateTime(this.session, 2, trace.startedAt());
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
			this.dialect.setDateTime(this.reward, 4, trace.endedAt());
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
		this.dialect.setDateTime(this.timestep, 5, call.startedAt());
		this.dialect.setDateTime(this.timestep, 6, call.endedAt());
		this.timestep.setInt(7, 1);
		this.timestep.setInt(8, messages);
		this.timestep.setString(9, "{}");
		long timestepId = insertTimestep();
		Map<String, Object> cais = CallRecords.caisEvent(trace, call, index);
		this.event.setString(1, trace.sessionId());
		this.event.setLong(2, timestepId);
		this.event.setString(3, CallRecords.systemInstanceId(trace));
		this.event.setDouble(4, CallRecords.epochSeconds(call));
		this.event.setInt(5, index);
		this.dialect.setDateTime(this.event, 6, call.endedAt());
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
		this.dialect.setDateTime(this.message, 5, at);
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

	private long insertTimestep() throws SQLException {
		PreparedStatement lastId = this.lastId;
		if (lastId == null) {
			try (ResultSet result = this.timestep.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
		this.timestep.executeUpdate();
		try (ResultSet result = lastId.executeQuery()) {
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
		if (this.lastId != null) {
			this.lastId.close();
		}
	}

}
