package dev.taskapp.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.tracing.FinishedRollout;
import dev.taskapp.tracing.LmCall;
import dev.taskapp.tracing.TraceStoreReader;
import org.jspecify.annotations.Nullable;

/**
 * The JSON the console's script reads, built only when a console asks for it.
 */
final class ConsoleViews {

	private static final int REWARD_WINDOW_SECONDS = 5;

	private static final int LISTED_ROLLOUTS = 50;

	private final String appId;

	private final RolloutLog log;

	private final RolloutLoad load;

	private final ConsoleTunnel tunnel;

	private final boolean traceStore;

	ConsoleViews(String appId, RolloutLog log, RolloutLoad load, ConsoleTunnel tunnel, boolean traceStore) {
		this.appId = appId;
		this.log = log;
		this.load = load;
		this.tunnel = tunnel;
		this.traceStore = traceStore;
	}

	Map<String, Object> status() {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("app_id", this.appId);
		status.put("tunnel", this.tunnel.describe());
		status.put("load", load());
		status.put("reward_window_s", REWARD_WINDOW_SECONDS);
		status.put("mean_rewards", this.log.meanRewards(REWARD_WINDOW_SECONDS)
			.stream()
			.map((point) -> Map.of("t", point.epochSecond(), "mean", point.meanReward(), "n", point.rollouts()))
			.toList());
		status.put("records_calls", this.log.wantsCalls());
		status.put("trace_store", this.traceStore);
		status.put("rollouts", this.log.recent(LISTED_ROLLOUTS).stream().map(ConsoleViews::summary).toList());
		return status;
	}

	private Map<String, @Nullable Object> load() {
		Map<String, @Nullable Object> load = new LinkedHashMap<>();
		@Nullable Duration[] latencies = this.log.percentiles(50, 99);
		int limit = this.load.limit();
		load.put("rollouts_per_s", this.log.rolloutsPerSecond());
		load.put("in_flight", this.load.inFlight());
		load.put("rejected", this.load.rejected());
		load.put("limit", (limit >= 0) ? limit : null);
		load.put("finished", this.log.finished());
		load.put("p50_ms", millis(latencies[0]));
		load.put("p99_ms", millis(latencies[1]));
		return load;
	}

	static Map<String, @Nullable Object> summary(ConsoleRollout entry) {
		FinishedRollout rollout = entry.rollout();
		Map<String, @Nullable Object> summary = new LinkedHashMap<>();
		summary.put("id", entry.id());
		summary.put("run_id", rollout.runId());
		summary.put("seed", rollout.seed());
		summary.put("mode", rollout.mode());
		summary.put("reward", finite(rollout.reward()));
		summary.put("duration_ms", rollout.durationNanos() / 1e6);
		summary.put("status", rollout.status());
		summary.put("outcome", rollout.outcome().value());
		summary.put("error", rollout.error());
		summary.put("ended_at", rollout.endedAt().toString());
		summary.put("calls", rollout.calls().size());
		return summary;
	}

	static Map<String, @Nullable Object> detail(ConsoleRollout entry) {
		Map<String, @Nullable Object> detail = summary(entry);
		detail.put("trace_correlation_id", entry.rollout().traceCorrelationId());
		List<Map<String, @Nullable Object>> calls = new ArrayList<>();
		for (LmCall call : entry.rollout().calls()) {
			calls.add(call(call));
		}
		detail.put("calls", calls);
		return detail;
	}

	static Map<String, @Nullable Object> stored(TraceStoreReader.StoredRollout rollout) {
		Map<String, @Nullable Object> stored = new LinkedHashMap<>();
		stored.put("session_id", rollout.sessionId());
		stored.put("run_id", rollout.runId());
		stored.put("mode", rollout.mode());
		stored.put("outcome", rollout.outcome());
		stored.put("reward", finite(rollout.reward()));
		stored.put("calls", rollout.lmCalls());
		stored.put("created_at", rollout.createdAt());
		return stored;
	}

	private static Map<String, @Nullable Object> call(LmCall call) {
		Map<String, @Nullable Object> view = new LinkedHashMap<>();
		view.put("model", call.model());
		view.put("latency_ms", call.latency().toNanos() / 1e6);
		view.put("messages", call.messages());
		view.put("tools", call.requestParameters().get("tools"));
		view.put("answer", call.content());
		view.put("tool_calls", call.toolCalls());
		view.put("finish_reason", call.finishReason());
		view.put("usage", call.usage());
		return view;
	}

	private static @Nullable Double millis(@Nullable Duration duration) {
		return (duration != null) ? duration.toNanos() / 1e6 : null;
	}

	private static @Nullable Double finite(@Nullable Double value) {
		return (value != null && Double.isFinite(value)) ? value : null;
	}

}
