package dev.taskapp.sample;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * <strong>Demo only:</strong> a stand-in for an LLM that answers OpenAI chat-completions
 * requests with a {@link KeywordIntentClassifier}, so that the sample runs its whole
 * evaluation loop offline, without a model or an API key. It is not a language model: it reads
 * the customer query out of the last user message, picks the intent whose training examples
 * share the most keywords with it, and answers with a {@code classify} tool call.
 * <p>
 * What it reads from the request: {@code messages} (the last {@code user} message; a line
 * such as {@code Customer query: …} narrows it to the query), {@code tools} (the first function
 * with an {@code intent} parameter is answered, among the intents its {@code enum} allows) and
 * {@code model} (echoed). Without such a tool the intent is answered as the message text.
 */
public final class KeywordBaselinePolicy {

	/** Base path of the demo endpoint: an OpenAI-compatible {@code /v1} root. */
	public static final String BASE_PATH = "/demo-llm/v1";

	/** Path of its chat-completions route. */
	public static final String CHAT_COMPLETIONS_PATH = BASE_PATH + "/chat/completions";

	/** Model name it answers with when the request names none. */
	public static final String MODEL = "demo-keyword-baseline";

	private static final Pattern QUERY_LINE = Pattern
		.compile("(?im)^\\s*(?:customer\\s+)?(?:query|message)\\s*:\\s*(\\S.*)$");

	private final KeywordIntentClassifier classifier;

	private final Clock clock;

	/**
	 * Creates the policy.
	 * @param classifier the classifier that picks the intent
	 * @param clock the clock of the {@code created} timestamps
	 */
	public KeywordBaselinePolicy(KeywordIntentClassifier classifier, Clock clock) {
		this.classifier = classifier;
		this.clock = clock;
	}

	/**
	 * Answers a chat-completions request.
	 * @param request the request body
	 * @return the answer, shaped as an OpenAI {@code chat.completion} object
	 * @throws IllegalArgumentException if the request has no user message
	 */
	public Map<String, Object> complete(JsonNode request) {
		String userMessage = lastUserMessage(request.path("messages"));
		if (userMessage == null) {
			throw new IllegalArgumentException("messages must contain a user message with text content");
		}
		String query = query(userMessage);
		JsonNode tool = intentTool(request.path("tools"));
		List<String> candidates = (tool != null) ? allowedIntents(tool) : List.of();
		String intent = candidates.isEmpty() ? this.classifier.classify(query)
				: this.classifier.classify(query, candidates);
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		String finishReason;
		if (tool != null) {
			String arguments = TaskAppJson.mapper().writeValueAsString(Map.of("intent", intent));
			Map<String, Object> call = new LinkedHashMap<>();
			call.put("id", "call_" + shortId());
			call.put("type", "function");
			call.put("function", Map.of("name", tool.path("function").path("name").stringValue(), "arguments",
					arguments));
			message.put("content", null);
			message.put("tool_calls", List.of(call));
			finishReason = "tool_calls";
		}
		else {
			message.put("content", intent);
			finishReason = "stop";
		}
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("finish_reason", finishReason);
		int promptTokens = userMessage.split("\\s+").length;
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("id", "chatcmpl-demo-" + shortId());
		answer.put("object", "chat.completion");
		answer.put("created", this.clock.instant().getEpochSecond());
		answer.put("model", request.path("model").isString() ? request.path("model").stringValue() : MODEL);
		answer.put("system_fingerprint", MODEL);
		answer.put("choices", List.of(choice));
		answer.put("usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", 1, "total_tokens",
				promptTokens + 1));
		return answer;
	}

	/**
	 * Returns the text of the last user message.
	 * @param messages the {@code messages} array
	 * @return the text (parts of a multi-part content joined by new lines), or {@code null}
	 */
	static @Nullable String lastUserMessage(JsonNode messages) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			JsonNode message = messages.path(i);
			if (!"user".equals(message.path("role").asString(""))) {
				continue;
			}
			JsonNode content = message.path("content");
			if (content.isString() && !content.stringValue().isBlank()) {
				return content.stringValue();
			}
			if (content.isArray()) {
				List<String> parts = new ArrayList<>();
				content.forEach((part) -> {
					if (part.path("text").isString()) {
						parts.add(part.path("text").stringValue());
					}
				});
				if (!parts.isEmpty()) {
					return String.join("\n", parts);
				}
			}
		}
		return null;
	}

	/**
	 * Returns the customer query of a user message: the rest of a {@code Query:} (or
	 * {@code Customer query:}, {@code Message:}) line when there is one, else the whole message.
	 * @param userMessage the user message
	 * @return the query
	 */
	static String query(String userMessage) {
		Matcher matcher = QUERY_LINE.matcher(userMessage);
		return matcher.find() ? matcher.group(1).strip() : userMessage.strip();
	}

	private static @Nullable JsonNode intentTool(JsonNode tools) {
		for (JsonNode tool : tools) {
			JsonNode function = tool.path("function");
			if (function.path("name").isString()
					&& function.path("parameters").path("properties").path("intent").isObject()) {
				return tool;
			}
		}
		return null;
	}

	private static List<String> allowedIntents(JsonNode tool) {
		List<String> intents = new ArrayList<>();
		tool.path("function").path("parameters").path("properties").path("intent").path("enum").forEach((value) -> {
			if (value.isString()) {
				intents.add(value.stringValue());
			}
		});
		return intents;
	}

	private static String shortId() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

}
