package dev.taskapp.sample;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link KeywordBaselinePolicy}, the demo stand-in for an LLM.
 */
class KeywordBaselinePolicyTests {

	private static final Banking77Dataset dataset = Banking77Dataset.load();

	private final KeywordBaselinePolicy policy = new KeywordBaselinePolicy(
			KeywordIntentClassifier.train(dataset.split(Banking77Dataset.TRAIN)),
			Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));

	private static JsonNode json(Object value) {
		return TaskAppJson.mapper().valueToTree(value);
	}

	private static Map<String, Object> classifyTool(List<String> intents) {
		return Map.of("type", "function", "function", Map.of("name", "classify", "parameters", Map.of("type",
				"object", "properties", Map.of("intent", Map.of("type", "string", "enum", intents)))));
	}

	private static Map<String, Object> request(String userContent, List<Map<String, Object>> tools) {
		return Map.of("model", "gpt-4o-mini", "messages",
				List.of(Map.of("role", "system", "content", "Classify into one of: " + dataset.intents()),
						Map.of("role", "user", "content", userContent)),
				"tools", tools);
	}

	@Test
	void answersWithAClassifyToolCallInChatCompletionsShape() {
		JsonNode answer = json(this.policy.complete(json(request("Customer query: Where is the card you sent me?",
				List.of(classifyTool(dataset.intents()))))));
		assertThat(answer.path("object").stringValue()).isEqualTo("chat.completion");
		assertThat(answer.path("id").stringValue()).startsWith("chatcmpl-demo-");
		assertThat(answer.path("created").longValue()).isEqualTo(1767323045L);
		assertThat(answer.path("model").stringValue()).isEqualTo("gpt-4o-mini");
		JsonNode choice = answer.path("choices").path(0);
		assertThat(choice.path("finish_reason").stringValue()).isEqualTo("tool_calls");
		assertThat(choice.path("message").path("role").stringValue()).isEqualTo("assistant");
		assertThat(choice.path("message").path("content").isNull()).isTrue();
		JsonNode call = choice.path("message").path("tool_calls").path(0);
		assertThat(call.path("type").stringValue()).isEqualTo("function");
		assertThat(call.path("function").path("name").stringValue()).isEqualTo("classify");
		assertThat(TaskAppJson.mapper().readTree(call.path("function").path("arguments").stringValue())
			.path("intent")
			.stringValue()).isEqualTo("card_arrival");
		assertThat(answer.path("usage").path("total_tokens").intValue()).isPositive();
	}

	@Test
	void picksOnlyAmongTheIntentsTheToolAllows() {
		JsonNode answer = json(this.policy.complete(json(request("Customer query: Where is the card you sent me?",
				List.of(classifyTool(List.of("exchange_rate", "terminate_account")))))));
		String arguments = answer.path("choices").path(0).path("message").path("tool_calls").path(0).path("function")
			.path("arguments")
			.stringValue();
		assertThat(TaskAppJson.mapper().readTree(arguments).path("intent").stringValue()).isIn("exchange_rate",
				"terminate_account");
	}

	@Test
	void answersInTextWhenNoToolIsOffered() {
		JsonNode answer = json(this.policy.complete(json(request("Customer query: I want to close my account",
				List.of()))));
		JsonNode choice = answer.path("choices").path(0);
		assertThat(choice.path("finish_reason").stringValue()).isEqualTo("stop");
		assertThat(choice.path("message").path("content").stringValue()).isEqualTo("terminate_account");
		assertThat(choice.path("message").has("tool_calls")).isFalse();
	}

	@Test
	void queryIsTheRestOfAQueryLineOrTheWholeMessage() {
		assertThat(KeywordBaselinePolicy.query("Intents: a, b\nCustomer Query: Where is my card?\n\nUse the tool."))
			.isEqualTo("Where is my card?");
		assertThat(KeywordBaselinePolicy.query("  Where is my card?  ")).isEqualTo("Where is my card?");
	}

	@Test
	void lastUserMessageIsRead() {
		JsonNode messages = json(List.of(Map.of("role", "user", "content", "first"),
				Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "second"))),
				Map.of("role", "assistant", "content", "reply")));
		assertThat(KeywordBaselinePolicy.lastUserMessage(messages)).isEqualTo("second");
	}

	@Test
	void requestWithoutUserMessageIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.policy.complete(json(Map.of("messages", List.of(Map.of("role", "system",
					"content", "hi"))))))
			.withMessageContaining("user message");
	}

}
