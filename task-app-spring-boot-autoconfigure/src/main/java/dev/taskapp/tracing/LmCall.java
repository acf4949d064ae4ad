package dev.taskapp.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One call a rollout made to a language model, in the OpenAI chat-completions shape: what was
 * asked, what the model answered, and when. Values are plain JSON: maps, lists, strings,
 * numbers, booleans and {@code null}.
 *
 * @param model the model named in the request (else in the answer), or {@code null}
 * @param messages the request messages ({@code role}, {@code content}, …)
 * @param requestParameters the rest of the request body: {@code tools}, {@code tool_choice},
 * {@code temperature}, …
 * @param message the assistant message answered ({@code role}, {@code content},
 * {@code tool_calls}), or {@code null} when the answer had none
 * @param usage token usage as the model reported it ({@code prompt_tokens},
 * {@code completion_tokens}, {@code total_tokens}); empty when unknown
 * @param finishReason why the model stopped, such as {@code stop} or {@code tool_calls}
 * @param startedAt when the request was sent
 * @param endedAt when the answer was complete
 */
public record LmCall(@Nullable String model, List<Map<String, Object>> messages, Map<String, Object> requestParameters,
		@Nullable Map<String, Object> message, Map<String, Object> usage, @Nullable String finishReason,
		Instant startedAt, Instant endedAt) {

	/**
	 * Creates a call record.
	 */
	public LmCall {
		messages = (messages != null) ? Collections.unmodifiableList(new ArrayList<>(messages)) : List.of();
		requestParameters = (requestParameters != null)
				? Collections.unmodifiableMap(new LinkedHashMap<>(requestParameters)) : Map.of();
		message = (message != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(message)) : null;
		usage = (usage != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(usage)) : Map.of();
		Objects.requireNonNull(startedAt, "startedAt");
		Objects.requireNonNull(endedAt, "endedAt");
	}

	/**
	 * Returns the call of a chat-completions exchange: the request body as sent and the answer
	 * as received (its first choice is the one recorded). An answer that is already a single
	 * {@code message} object (with {@code usage} and {@code finish_reason} beside it) is
	 * accepted too.
	 * @param request the request body; may hold beans or records, which are turned into JSON
	 * @param response the answer body
	 * @param startedAt when the request was sent
	 * @param endedAt when the answer was complete
	 * @return the call
	 */
	public static LmCall fromChatCompletion(Map<String, ?> request, Map<String, ?> response, Instant startedAt,
			Instant endedAt) {
		Map<String, Object> body = TraceJson.object(request);
		Map<String, Object> answer = TraceJson.object(response);
		Map<String, Object> parameters = new LinkedHashMap<>(body);
		parameters.remove("messages");
		String model = TraceJson.string(body, "model");
		Map<String, Object> choice = firstChoice(answer);
		return new LmCall((model != null) ? model : TraceJson.string(answer, "model"),
				TraceJson.objects(body.get("messages")), parameters, TraceJson.child(choice, "message"),
				(TraceJson.child(answer, "usage") != null) ? TraceJson.child(answer, "usage") : Map.of(),
				TraceJson.string(choice, "finish_reason"), startedAt, endedAt);
	}

	private static Map<String, Object> firstChoice(Map<String, Object> answer) {
		if (answer.containsKey("message")) {
			return answer;
		}
		if (answer.get("choices") instanceof List<?> choices && !choices.isEmpty()
				&& choices.get(0) instanceof Map<?, ?> first) {
			@SuppressWarnings("unchecked")
			Map<String, Object> choice = (Map<String, Object>) first;
			return choice;
		}
		return Map.of();
	}

	/**
	 * Returns a builder of a call recorded by hand.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the text the model answered.
	 * @return the answer's {@code content} when it is a string, else {@code null}
	 */
	public @Nullable String content() {
		return (this.message != null) ? TraceJson.string(this.message, "content") : null;
	}

	/**
	 * Returns the tool calls the model answered with.
	 * @return the answer's {@code tool_calls}, empty when there are none
	 */
	public List<Map<String, Object>> toolCalls() {
		return (this.message != null) ? TraceJson.objects(this.message.get("tool_calls")) : List.of();
	}

	/**
	 * Returns the time the call took.
	 * @return the latency, never negative
	 */
	public Duration latency() {
		Duration latency = Duration.between(this.startedAt, this.endedAt);
		return latency.isNegative() ? Duration.ZERO : latency;
	}

	/**
	 * Returns the number of input tokens ({@code prompt_tokens} or {@code input_tokens}).
	 * @return the count, or {@code null} when the model reported none
	 */
	public @Nullable Integer inputTokens() {
		return tokens("prompt_tokens", "input_tokens");
	}

	/**
	 * Returns the number of output tokens ({@code completion_tokens} or
	 * {@code output_tokens}).
	 * @return the count, or {@code null} when the model reported none
	 */
	public @Nullable Integer outputTokens() {
		return tokens("completion_tokens", "output_tokens");
	}

	/**
	 * Returns the total number of tokens.
	 * @return the count, or {@code null} when the model reported none
	 */
	public @Nullable Integer totalTokens() {
		Integer total = tokens("total_tokens", "total_tokens");
		if (total != null) {
			return total;
		}
		Integer input = inputTokens();
		Integer output = outputTokens();
		return (input != null && output != null) ? input + output : null;
	}

	private @Nullable Integer tokens(String key, String alternative) {
		Object value = this.usage.containsKey(key) ? this.usage.get(key) : this.usage.get(alternative);
		return (value instanceof Number number) ? number.intValue() : null;
	}

	/**
	 * Builds an {@link LmCall} by hand.
	 */
	public static final class Builder {

		private @Nullable String model;

		private List<Map<String, Object>> messages = List.of();

		private Map<String, Object> requestParameters = Map.of();

		private @Nullable Map<String, Object> message;

		private Map<String, Object> usage = Map.of();

		private @Nullable String finishReason;

		private @Nullable Instant startedAt;

		private @Nullable Instant endedAt;

		private Builder() {
		}

		/**
		 * Sets the model.
		 * @param model the model
		 * @return this builder
		 */
		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		/**
		 * Sets the request messages.
		 * @param messages the messages: maps, or beans and records written as JSON objects
		 * @return this builder
		 */
		public Builder messages(List<?> messages) {
			this.messages = TraceJson.objects(messages);
			return this;
		}

		/**
		 * Sets the rest of the request body, such as {@code tools} and {@code temperature}.
		 * @param requestParameters the parameters
		 * @return this builder
		 */
		public Builder requestParameters(Map<String, ?> requestParameters) {
			this.requestParameters = TraceJson.object(requestParameters);
			return this;
		}

		/**
		 * Sets the assistant message answered.
		 * @param message the message ({@code role}, {@code content}, {@code tool_calls})
		 * @return this builder
		 */
		public Builder message(@Nullable Map<String, ?> message) {
			this.message = TraceJson.objectOrNull(message);
			return this;
		}

		/**
		 * Sets the assistant message answered from its text and tool calls.
		 * @param content the text, or {@code null}
		 * @param toolCalls the tool calls ({@code id}, {@code type}, {@code function}), maps
		 * or beans such as {@link dev.taskapp.contract.ToolCall}
		 * @return this builder
		 */
		public Builder answer(@Nullable String content, List<?> toolCalls) {
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("role", "assistant");
			answer.put("content", content);
			List<Map<String, Object>> calls = TraceJson.objects(toolCalls);
			if (!calls.isEmpty()) {
				answer.put("tool_calls", calls);
			}
			this.message = answer;
			return this;
		}

		/**
		 * Sets the token usage.
		 * @param usage the usage as the model reported it
		 * @return this builder
		 */
		public Builder usage(Map<String, ?> usage) {
			this.usage = TraceJson.object(usage);
			return this;
		}

		/**
		 * Sets the finish reason.
		 * @param finishReason why the model stopped
		 * @return this builder
		 */
		public Builder finishReason(@Nullable String finishReason) {
			this.finishReason = finishReason;
			return this;
		}

		/**
		 * Sets when the call started and ended.
		 * @param startedAt when the request was sent
		 * @param endedAt when the answer was complete
		 * @return this builder
		 */
		public Builder timing(Instant startedAt, Instant endedAt) {
			this.startedAt = startedAt;
			this.endedAt = endedAt;
			return this;
		}

		/**
		 * Builds the call; without timing it started and ended now.
		 * @return the call
		 */
		public LmCall build() {
			Instant now = Instant.now();
			Instant started = (this.startedAt != null) ? this.startedAt : now;
			Instant ended = (this.endedAt != null) ? this.endedAt : started;
			return new LmCall(this.model, this.messages, this.requestParameters, this.message, this.usage,
					this.finishReason, started, ended);
		}

	}

}
