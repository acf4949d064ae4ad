package dev.taskapp.tracing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * SFT (supervised fine-tuning) records in the OpenAI chat fine-tuning JSONL shape: one record
 * per LM call that has an answer, {@code {"messages": [...the request messages..., the
 * assistant's answer], "tools": [...], "metadata": {...}}}. The answer keeps its
 * {@code content} and its {@code tool_calls}; {@code tools} is present when the request
 * offered tools. Where synth-ai writes SFT records is {@code synth_ai/sdk/task/tracing_utils.py}
 * ({@code TASKAPP_SFT_OUTPUT_DIR}).
 */
final class SftRecords {

	private SftRecords() {
	}

	static List<Map<String, Object>> of(RolloutTrace trace) {
		List<Map<String, Object>> records = new ArrayList<>(trace.calls().size());
		for (int i = 0; i < trace.calls().size(); i++) {
			LmCall call = trace.calls().get(i);
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("session_id", trace.sessionId());
			metadata.put("run_id", trace.runId());
			metadata.put("trace_correlation_id", trace.traceCorrelationId());
			metadata.put("task_app", trace.appId());
			metadata.put("seed", trace.seed());
			metadata.put("lm_call_index", i);
			metadata.put("reward", trace.reward());
			metadata.put("outcome", trace.outcome().value());
			Map<String, Object> record = record(call, metadata);
			if (record != null) {
				records.add(record);
			}
		}
		return records;
	}

	static @Nullable Map<String, Object> record(LmCall call, Map<String, Object> metadata) {
		Map<String, Object> message = call.message();
		if (message == null) {
			return null;
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("role", "assistant");
		answer.put("content", message.get("content"));
		List<Map<String, Object>> toolCalls = call.toolCalls();
		if (!toolCalls.isEmpty()) {
			answer.put("tool_calls", toolCalls);
		}
		List<Object> messages = new ArrayList<>(call.messages().size() + 1);
		messages.addAll(call.messages());
		messages.add(answer);
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("messages", messages);
		if (call.requestParameters().get("tools") instanceof List<?> tools && !tools.isEmpty()) {
			record.put("tools", tools);
		}
		Map<String, Object> fullMetadata = new LinkedHashMap<>(metadata);
		fullMetadata.put("model", call.model());
		fullMetadata.put("finish_reason", call.finishReason());
		record.put("metadata", fullMetadata);
		return record;
	}

}
