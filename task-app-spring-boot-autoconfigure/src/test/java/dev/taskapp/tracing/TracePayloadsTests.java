package dev.taskapp.tracing;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.TraceFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link TracePayloads}: the v4 payload of the reference (§3.3) and what
 * {@code full} and {@code structured} add.
 */
class TracePayloadsTests {

	@Test
	void compactPayloadIsTheReferencesV4Payload() {
		RolloutTrace trace = TestTraces.answered("run_1", 4, 1.0);
		Map<String, Object> payload = TracePayloads.of(trace, TraceFormat.COMPACT);
		assertThat(payload).containsOnlyKeys("schema_version", "event_history", "markov_blanket_message_history",
				"metadata");
		assertThat(payload).containsEntry("schema_version", "4.0").containsEntry("markov_blanket_message_history",
				List.of());
		Map<String, Object> event = events(payload).get(0);
		assertThat(event).containsOnlyKeys("type", "event_type", "timestamp", "llm_request", "llm_response",
				"api_format", "correlation_id");
		assertThat(event).containsEntry("type", "lm_call")
			.containsEntry("event_type", "lm_call")
			.containsEntry("api_format", "chat")
			.containsEntry("correlation_id", "trace_run_1")
			.containsEntry("timestamp", "2026-01-02T03:04:05.123456Z");
		assertThat(map(event, "llm_request")).containsOnlyKeys("messages");
		assertThat(map(event, "llm_response")).containsOnlyKeys("message", "usage", "finish_reason")
			.containsEntry("finish_reason", "tool_calls")
			.containsEntry("usage", Map.of("prompt_tokens", 42, "completion_tokens", 7, "total_tokens", 49));
		assertThat(map(payload, "metadata")).containsOnlyKeys("session_id", "run_id", "trace_correlation_id",
				"correlation_ids")
			.containsEntry("session_id", trace.sessionId())
			.containsEntry("trace_correlation_id", "trace_run_1")
			.containsEntry("correlation_ids", Map.of("trace_correlation_id", "trace_run_1"));
	}

	@Test
	void withoutCorrelationIdNoCorrelationKeysAreWritten() {
		Map<String, Object> payload = TracePayloads.of(TestTraces.failed("run_2", 1), TraceFormat.COMPACT);
		assertThat(map(payload, "metadata")).containsOnlyKeys("session_id", "run_id");
		assertThat(events(payload).get(0)).doesNotContainKey("correlation_id");
	}

	@Test
	void rolloutWithoutCallsHasAnEmptyEventHistory() {
		RolloutTrace answered = TestTraces.answered("run_3", 1, 0.0);
		RolloutTrace trace = new RolloutTrace(UUID.randomUUID().toString(), "traced", answered.request(), null,
				answered.startedAt(), answered.endedAt(), RolloutOutcome.SUCCESS, 200, answered.response(), List.of());
		assertThat(events(TracePayloads.of(trace, TraceFormat.COMPACT))).isEmpty();
	}

	@Test
	void fullPayloadAddsTheWholeRequestTimingAndRolloutMetadata() {
		Map<String, Object> payload = TracePayloads.of(TestTraces.answered("run_4", 4, 1.0), TraceFormat.FULL);
		Map<String, Object> event = events(payload).get(0);
		assertThat(event).containsEntry("call_index", 0)
			.containsEntry("latency_ms", 250L)
			.containsKeys("started_at", "ended_at");
		assertThat(map(event, "llm_request")).containsKeys("messages", "model", "temperature", "tools");
		assertThat(map(event, "llm_response")).containsEntry("model", "gpt-test");
		assertThat(map(payload, "metadata")).containsEntry("task_app", "traced")
			.containsEntry("mode", "eval")
			.containsEntry("outcome", "success")
			.containsEntry("reward", 1.0)
			.containsEntry("num_lm_calls", 1)
			.containsKeys("env", "policy");
		assertThat(payload).doesNotContainKey("session_trace");
	}

	@Test
	void structuredPayloadAddsTheTracingV3SessionTrace() {
		RolloutTrace trace = TestTraces.answered("run_5", 4, 1.0);
		Map<String, Object> payload = TracePayloads.of(trace, TraceFormat.STRUCTURED);
		Map<String, Object> sessionTrace = map(payload, "session_trace");
		assertThat(sessionTrace).containsEntry("session_id", trace.sessionId())
			.containsKeys("created_at", "session_time_steps", "event_history", "markov_blanket_message_history",
					"metadata");
		Map<String, Object> cais = list(sessionTrace, "event_history").get(0);
		assertThat(cais).containsEntry("model_name", "gpt-test")
			.containsEntry("input_tokens", 42)
			.containsEntry("output_tokens", 7)
			.containsEntry("latency_ms", 250L);
		Map<String, Object> record = list(cais, "call_records").get(0);
		assertThat(record).containsEntry("api_type", "chat_completions").containsEntry("finish_reason", "tool_calls");
		assertThat(list(record, "output_tool_calls")).singleElement()
			.satisfies((call) -> assertThat(call).containsEntry("name", "classify")
				.containsEntry("arguments_json", "{\"intent\": \"change_pin\"}"));
		assertThat(list(record, "input_messages").get(0)).containsEntry("role", "system")
			.containsEntry("parts", List.of(Map.of("type", "text", "text", TracedTaskApp.SYSTEM_PROMPT)));
		assertThat(list(sessionTrace, "session_time_steps")).singleElement()
			.satisfies((step) -> assertThat(step).containsEntry("step_id", "lm_call_0"));
	}

	@Test
	void payloadSerialisesAsJson() {
		RolloutRequest request = TracedTaskApp.request("run_6", 2, true, TraceFormat.STRUCTURED);
		RolloutTrace trace = new RolloutTrace("s", "traced", request, "cid", TestTraces.STARTED, TestTraces.STARTED,
				RolloutOutcome.SUCCESS, 200, TestTraces.response(request, 1.0), List.of(TestTraces.call(2)));
		String json = TraceJson.write(TracePayloads.of(trace, TraceFormat.STRUCTURED));
		assertThat(TraceJson.read(json.getBytes())).containsKey("session_trace");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Map<String, Object> map, String key) {
		return (Map<String, Object>) map.get(key);
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Map<String, Object> map, String key) {
		return (List<Map<String, Object>>) map.get(key);
	}

	static List<Map<String, Object>> events(Map<String, Object> payload) {
		return list(payload, "event_history");
	}

}
