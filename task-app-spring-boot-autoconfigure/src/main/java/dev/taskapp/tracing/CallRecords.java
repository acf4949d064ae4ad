package dev.taskapp.tracing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The tracing_v3 shapes of an LM call: the {@code LMCAISEvent} (an event of type
 * {@code cais} with token counts and latency) and the {@code LLMCallRecord} it carries in
 * {@code call_records}, following {@code synth_ai/tracing_v3/abstractions.py} and
 * {@code synth_ai/tracing_v3/lm_call_record_abstractions.py} (synth-laboratories/synth-ai), so
 * synth-ai's tooling can read them. Only the fields a chat-completions call fills are written.
 */
final class CallRecords {

	static final String API_TYPE = "chat_completions";

	private static final List<String> AGNOSTIC_PARAMETERS = List.of("temperature", "top_p", "seed", "n", "stop");

	private CallRecords() {
	}

	/**
	 * Returns the id of the system whose LM calls these are: the policy of the request.
	 */
	static String systemInstanceId(RolloutTrace trace) {
		String identity = trace.request().policy().identity();
		return (identity != null) ? identity : "policy";
	}

	static String stepId(int index) {
		return "lm_call_" + index;
	}

	static Map<String, Object> caisEvent(RolloutTrace trace, LmCall call, int index) {
		Map<String, Object> timeRecord = new LinkedHashMap<>();
		timeRecord.put("event_time", epochSeconds(call));
		timeRecord.put("message_time", index);
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("step_id", stepId(index));
		if (trace.traceCorrelationId() != null) {
			metadata.put("trace_correlation_id", trace.traceCorrelationId());
		}
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("system_instance_id", systemInstanceId(trace));
		event.put("time_record", timeRecord);
		event.put("metadata", metadata);
		event.put("model_name", (call.model() != null) ? call.model() : "");
		event.put("provider", null);
		event.put("input_tokens", call.inputTokens());
		event.put("output_tokens", call.outputTokens());
		event.put("total_tokens", call.totalTokens());
		event.put("latency_ms", call.latency().toMillis());
		event.put("call_records", List.of(callRecord(trace, call, index)));
		return event;
	}

	static double epochSeconds(LmCall call) {
		return call.startedAt().getEpochSecond() + call.startedAt().getNano() / 1e9;
	}

	static Map<String, Object> callRecord(RolloutTrace trace, LmCall call, int index) {
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("call_id", trace.sessionId() + ":" + index);
		record.put("api_type", API_TYPE);
		record.put("provider", null);
		record.put("model_name", (call.model() != null) ? call.model() : "");
		record.put("schema_version", "1.0");
		record.put("started_at", call.startedAt().toString());
		record.put("completed_at", call.endedAt().toString());
		record.put("latency_ms", call.latency().toMillis());
		record.put("request_params", requestParams(call.requestParameters()));
		record.put("input_messages", call.messages().stream().map(CallRecords::message).toList());
		Object toolChoice = call.requestParameters().get("tool_choice");
		record.put("tool_choice", (toolChoice == null || toolChoice instanceof String) ? toolChoice
				: TraceJson.write(toolChoice));
		record.put("output_messages", (call.message() != null) ? List.of(message(call.message())) : List.of());
		record.put("output_tool_calls", toolCallSpecs(call.toolCalls()));
		record.put("usage", usage(call));
		record.put("finish_reason", call.finishReason());
		record.put("outcome", "success");
		return record;
	}

	private static Map<String, Object> requestParams(Map<String, Object> parameters) {
		Map<String, Object> params = new LinkedHashMap<>();
		for (String name : AGNOSTIC_PARAMETERS) {
			if (parameters.containsKey(name)) {
				params.put(name, parameters.get(name));
			}
		}
		Object maxTokens = parameters.containsKey("max_completion_tokens") ? parameters.get("max_completion_tokens")
				: parameters.get("max_tokens");
		if (maxTokens != null) {
			params.put("max_tokens", maxTokens);
		}
		if (parameters.get("response_format") instanceof Map<?, ?> format) {
			params.put("response_format", format);
		}
		if (parameters.get("tools") != null) {
			params.put("tool_config", Map.of("tools", parameters.get("tools")));
		}
		Map<String, Object> raw = new LinkedHashMap<>(parameters);
		raw.remove("model");
		raw.remove("tools");
		params.put("raw_params", raw);
		return params;
	}

	static Map<String, Object> message(Map<String, Object> message) {
		Map<String, Object> converted = new LinkedHashMap<>();
		converted.put("role", (message.get("role") instanceof String role) ? role : "user");
		converted.put("parts", parts(message.get("content")));
		if (message.get("name") instanceof String name) {
			converted.put("name", name);
		}
		if (message.get("tool_call_id") instanceof String toolCallId) {
			converted.put("tool_call_id", toolCallId);
		}
		return converted;
	}

	private static List<Map<String, Object>> parts(@Nullable Object content) {
		if (content instanceof String text) {
			return List.of(textPart(text));
		}
		if (!(content instanceof List<?> list)) {
			return List.of();
		}
		List<Map<String, Object>> parts = new ArrayList<>(list.size());
		for (Object element : list) {
			if (element instanceof String text) {
				parts.add(textPart(text));
			}
			else if (element instanceof Map<?, ?> part) {
				Map<String, Object> converted = new LinkedHashMap<>();
				converted.put("type", (part.get("type") instanceof String type) ? type : "text");
				if (part.get("text") instanceof String text) {
					converted.put("text", text);
				}
				else {
					converted.put("data", part);
				}
				parts.add(converted);
			}
		}
		return parts;
	}

	private static Map<String, Object> textPart(String text) {
		Map<String, Object> part = new LinkedHashMap<>();
		part.put("type", "text");
		part.put("text", text);
		return part;
	}

	private static List<Map<String, Object>> toolCallSpecs(List<Map<String, Object>> toolCalls) {
		List<Map<String, Object>> specs = new ArrayList<>(toolCalls.size());
		for (int i = 0; i < toolCalls.size(); i++) {
			Map<String, Object> toolCall = toolCalls.get(i);
			Map<String, Object> function = TraceJson.child(toolCall, "function");
			Object arguments = (function != null) ? function.get("arguments") : null;
			Map<String, Object> spec = new LinkedHashMap<>();
			spec.put("name", (function != null && function.get("name") instanceof String name) ? name : "");
			spec.put("arguments_json", (arguments == null || arguments instanceof String) ? arguments
					: TraceJson.write(arguments));
			spec.put("call_id", toolCall.get("id"));
			spec.put("index", i);
			specs.add(spec);
		}
		return specs;
	}

	private static Map<String, Object> usage(LmCall call) {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("input_tokens", call.inputTokens());
		usage.put("output_tokens", call.outputTokens());
		usage.put("total_tokens", call.totalTokens());
		return usage;
	}

}
