package dev.taskapp.tracing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.TraceFormat;
import dev.taskapp.tracing.TraceStoreReader.StoredRollout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of {@link TraceStoreReader} and of the SQL recipes of the README.
 */
class TraceStoreReaderTests {

	/** The README's recipe that exports SFT JSONL with the sqlite3 shell. */
	static final String README_SFT_RECIPE = """
			SELECT json_object('messages', json_insert(json(e.metadata -> '$.llm_request.messages'),
			                                           '$[#]', json(e.metadata -> '$.llm_response.message')))
			FROM events e JOIN outcome_rewards r ON r.session_id = e.session_id
			WHERE e.event_type = 'cais' AND r.total_reward >= 1.0
			ORDER BY e.id""";

	@TempDir
	Path directory;

	private Path database;

	@BeforeEach
	void writeStore() throws Exception {
		this.database = this.directory.resolve("traces.db");
		SqliteTraceWriter writer = new SqliteTraceWriter(this.database);
		writer.write(List.of(trace("run_old", 2, 1.0, 0), trace("run_mid", 3, 0.0, 10)));
		writer.write(List.of(trace("run_new", 4, 1.0, 20), failed("run_failed", 30)));
		writer.close();
	}

	@Test
	void recentRolloutsAreListedNewestFirstWithTheirRewards() throws Exception {
		List<StoredRollout> rollouts = new TraceStoreReader(this.database).recentRollouts(3);
		assertThat(rollouts).extracting(StoredRollout::runId).containsExactly("run_failed", "run_new", "run_mid");
		assertThat(rollouts).extracting(StoredRollout::reward).containsExactly(null, 1.0, 0.0);
		assertThat(rollouts).extracting(StoredRollout::outcome).containsExactly("server_error", "success", "success");
		assertThat(rollouts.get(1).traceCorrelationId()).isEqualTo("trace_run_new");
		assertThat(rollouts.get(1).lmCalls()).isOne();
	}

	@Test
	void sftExportWritesTheCallsOfRewardedRollouts() throws Exception {
		Path output = this.directory.resolve("sft.jsonl");
		long count = new TraceStoreReader(this.database).exportSft(output, 1.0);
		assertThat(count).isEqualTo(2);
		List<String> lines = Files.readAllLines(output);
		assertThat(lines).hasSize(2);
		Map<String, Object> record = TraceJson.read(lines.get(0).getBytes());
		assertThat(TracePayloadsTests.list(record, "messages")).extracting((message) -> message.get("role"))
			.containsExactly("system", "user", "assistant");
		assertThat(TracePayloadsTests.map(record, "metadata")).containsEntry("run_id", "run_old")
			.containsEntry("reward", 1.0);
	}

	@Test
	void sftExportWithoutMinimumWritesEveryAnsweredCall() throws Exception {
		assertThat(new TraceStoreReader(this.database).exportSft(this.directory.resolve("all.jsonl"), null))
			.isEqualTo(4);
	}

	@Test
	void missingStoreIsReported() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> new TraceStoreReader(this.directory.resolve("none.db")).recentRollouts(1))
			.withMessageContaining("No trace store at");
		assertThat(this.directory.resolve("none.db")).doesNotExist();
	}

	@Test
	void readmeRecipesRunAgainstTheStore() throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.database);
				Statement statement = connection.createStatement()) {
			List<String> lines = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery(README_SFT_RECIPE)) {
				while (rows.next()) {
					lines.add(rows.getString(1));
				}
			}
			assertThat(lines).hasSize(2);
			Map<String, Object> record = TraceJson.read(lines.get(0).getBytes());
			List<Map<String, Object>> messages = TracePayloadsTests.list(record, "messages");
			assertThat(messages).hasSize(3);
			assertThat(messages.get(2)).containsEntry("role", "assistant").containsKey("tool_calls");
			try (ResultSet rows = statement
				.executeQuery(TraceStoreReader.RECENT_ROLLOUTS_SQL.replace("LIMIT ?", "LIMIT 20"))) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString("run_id")).isEqualTo("run_failed");
			}
		}
	}

	private static RolloutTrace trace(String runId, int seed, double reward, int secondsLater) {
		RolloutTrace trace = TestTraces.answered(runId, seed, reward);
		Instant started = TestTraces.STARTED.plusSeconds(secondsLater);
		return new RolloutTrace(trace.sessionId(), trace.appId(), trace.request(), trace.traceCorrelationId(), started,
				started.plusSeconds(1), trace.outcome(), trace.status(), trace.response(), trace.calls());
	}

	private static RolloutTrace failed(String runId, int secondsLater) {
		RolloutTrace trace = TestTraces.failed(runId, 1);
		RolloutRequest request = TracedTaskApp.request(runId, 1, false, TraceFormat.COMPACT);
		Instant started = TestTraces.STARTED.plusSeconds(secondsLater);
		return new RolloutTrace(trace.sessionId(), trace.appId(), request, null, started, started.plusSeconds(1),
				trace.outcome(), trace.status(), null, trace.calls());
	}

}
