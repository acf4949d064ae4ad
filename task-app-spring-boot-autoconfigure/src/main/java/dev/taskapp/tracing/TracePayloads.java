package dev.taskapp.tracing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.TraceFormat;

/**
 * Builds the trace payload a rollout response carries in {@code trace} when the request sets
 * {@code record.return_trace}: the v4 payload of {@code build_trace_payload} in
 * {@code synth_ai/sdk/task/trace_correlation_helpers.py} (synth-laboratories/synth-ai
 * &#64;264910c6; see {@code reference/synth-task-app-contract.md} §3.3).
 *
 * <pre>
 * {"schema_version": "4.0",
 *  "event_history": [{"type": "lm_call", "event_type": "lm_call", "timestamp": "&lt;ISO-8601&gt;",
 *                     "llm_request": {"messages": [...]},
 *                     "llm_response": {"message": {...}, "usage": {...}, "finish_reason": "..."},
 *                     "api_format": "chat", "correlation_id": "&lt;cid&gt;"}],
 *  "markov_blanket_message_history": [],
 *  "metadata": {"session_id": "&lt;uuid&gt;", "run_id": "...", "trace_correlation_id": "&lt;cid&gt;",
 *               "correlation_ids": {"trace_correlation_id": "&lt;cid&gt;"}}}
 * </pre>
 *
 * Schema version: the reference's {@code build_trace_payload} writes {@code "4.0"}; the older
 * {@code synth_ai/sdk/task/trace_helpers.py} and the E3 OpenAPI example write {@code "3.0"}
 * with the same shape. We write {@code "4.0"}. There is one {@code lm_call} event per recorded
 * call (none when the handler recorded none; the Python helper always writes one), and the
 * {@code correlation_id} and correlation keys only when there is a correlation id.
 * <p>
 * {@code record.trace_format}: the reference defines the formats' names but not what sets
 * them apart, so:
 * <ul>
 * <li>{@code compact} (the default) is exactly the payload above;</li>
 * <li>{@code full} adds, per event, the model, the whole request ({@code tools},
 * {@code temperature}, …) in {@code llm_request}, {@code call_index}, {@code started_at},
 * {@code ended_at} and {@code latency_ms}, and to the metadata the task app, environment,
 * policy, mode, outcome, reward and counts;</li>
 * <li>{@code structured} is {@code full} plus {@code session_trace}: the tracing_v3
 * {@code SessionTrace} ({@code synth_ai/tracing_v3/abstractions.py}) with one timestep and
 * one {@code LMCAISEvent} per call, whose {@code call_records} hold {@code LLMCallRecord}s,
 * the shape the trace store writes.</li>
 * </ul>
 */
public final class TracePayloads {

	/** The {@code schema_version} of the payload. */
	public static final String SCHEMA_VERSION = "4.0";

	private TracePayloads() {
	}

	/**
	 * Returns the payload of a rollout's trace.
	 * @param trace the rollout's trace
	 * @param format how much of it to include
	 * @return the payload, plain JSON values in a mutable map
	 */
	public static Map<String, Object> of(RolloutTrace trace, TraceFormat format) {
		boolean full = format != TraceFormat.COMPACT;
		List<Map<String, Object>> events = new ArrayList<>(trace.calls().size());
		for (int i = 0; i < trace.calls().size(); i++) {
			events.add(lmCallEvent(trace, trace.calls().get(i), i, full));
		}
		Map<String, Object> metadata = metadata(trace, full);
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("schema_version", SCHEMA_VERSION);
		payload.put("event_history", events);
		payload.put("markov_blanket_message_history", List.of());
		payload.put("metadata", metadata);
		if (format == TraceFormat.STRUCTURED) {
			payload.put("session_trace", sessionTrace(trace, metadata));
		}
		return payload;
	}

	/**
	 * Returns the {@code lm_call} event of one call.
	 * @param trace the rollout's trace
	 * @param call the call
	 * @param index the call's position in the rollout
	 * @param full whether to include the whole request, the model and the timing
	 * @return the event
	 */
	static Map<String, Object> lmCallEvent(RolloutTrace trace, LmCall call, int index, boolean full) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("messages", call.messages());
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("message", (call.message() != null) ? call.message() : Map.of());
		response.put("usage", call.usage());
		response.put("finish_reason", call.finishReason());
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "lm_call");
		event.put("event_type", "lm_call");
		event.put("timestamp", call.startedAt().toString());
		event.put("llm_request", request);
		event.put("llm_response", response);
		event.put("api_format", "chat");
		if (trace.traceCorrelationId() != null) {
			event.put("correlation_id", trace.traceCorrelationId());
		}
		if (full) {
			if (call.model() != null) {
				request.put("model", call.model());
				response.put("model", call.model());
			}
			call.requestParameters().forEach(request::putIfAbsent);
			event.put("call_index", index);
			event.put("started_at", call.startedAt().toString());
			event.put("ended_at", call.endedAt().toString());
			event.put("latency_ms", call.latency().toMillis());
		}
		return event;
	}

	private static Map<String, Object> metadata(RolloutTrace trace, boolean full) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("session_id", trace.sessionId());
		metadata.put("run_id", trace.runId());
		String correlationId = trace.traceCorrelationId();
		if (correlationId != null) {
			metadata.put("trace_correlation_id", correlationId);
			metadata.put("correlation_ids", Map.of("trace_correlation_id", correlationId));
		}
		if (full) {
			RolloutRequest request = trace.request();
			Map<String, Object> env = new LinkedHashMap<>();
			env.put("env_id", request.env().envId());
			env.put("env_name", request.env().envName());
			env.put("seed", trace.seed());
			Map<String, Object> policy = new LinkedHashMap<>();
			policy.put("policy_id", request.policy().policyId());
			policy.put("policy_name", request.policy().policyName());
			metadata.put("task_app", trace.appId());
			metadata.put("env", env);
			metadata.put("policy", policy);
			metadata.put("mode", trace.mode());
			metadata.put("outcome", trace.outcome().value());
			metadata.put("reward", trace.reward());
			metadata.put("num_steps", trace.numSteps());
			metadata.put("num_lm_calls", trace.calls().size());
			metadata.put("started_at", trace.startedAt().toString());
			metadata.put("ended_at", trace.endedAt().toString());
		}
		return metadata;
	}

	private static Map<String, Object> sessionTrace(RolloutTrace trace, Map<String, Object> metadata) {
		List<Map<String, Object>> steps = new ArrayList<>(trace.calls().size());
		List<Map<String, Object>> events = new ArrayList<>(trace.calls().size());
		for (int i = 0; i < trace.calls().size(); i++) {
			LmCall call = trace.calls().get(i);
			Map<String, Object> event = CallRecords.caisEvent(trace, call, i);
			events.add(event);
			Map<String, Object> step = new LinkedHashMap<>();
			step.put("step_id", CallRecords.stepId(i));
			step.put("step_index", i);
			step.put("timestamp", call.startedAt().toString());
			step.put("turn_number", i);
			step.put("events", List.of(event));
			step.put("markov_blanket_messages", List.of());
			step.put("step_metadata", Map.of());
			step.put("completed_at", call.endedAt().toString());
			steps.add(step);
		}
		Map<String, Object> sessionTrace = new LinkedHashMap<>();
		sessionTrace.put("session_id", trace.sessionId());
		sessionTrace.put("created_at", trace.startedAt().toString());
		sessionTrace.put("session_time_steps", steps);
		sessionTrace.put("event_history", events);
		sessionTrace.put("markov_blanket_message_history", List.of());
		sessionTrace.put("metadata", metadata);
		return sessionTrace;
	}

}
