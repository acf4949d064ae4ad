package dev.taskapp.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.taskapp.contract.ToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link LmCall}.
 */
class LmCallTests {

	@Test
	void chatCompletionIsReadFromItsFirstChoice() {
		LmCall call = TestTraces.call(3);
		assertThat(call.model()).isEqualTo("gpt-test");
		assertThat(call.messages()).extracting((message) -> message.get("role")).containsExactly("system", "user");
		assertThat(call.requestParameters()).containsKeys("model", "temperature", "tools")
			.doesNotContainKey("messages");
		assertThat(call.finishReason()).isEqualTo("tool_calls");
		assertThat(call.toolCalls()).singleElement()
			.satisfies((toolCall) -> assertThat(toolCall).containsEntry("id", "call_1"));
		assertThat(call.content()).isNull();
		assertThat(call.inputTokens()).isEqualTo(42);
		assertThat(call.outputTokens()).isEqualTo(7);
		assertThat(call.totalTokens()).isEqualTo(49);
		assertThat(call.latency()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void answerThatIsAlreadyAMessageIsAccepted() {
		Map<String, Object> answer = Map.of("message", Map.of("role", "assistant", "content", "change_pin"), "usage",
				Map.of("input_tokens", 5, "output_tokens", 2), "finish_reason", "stop");
		LmCall call = LmCall.fromChatCompletion(Map.of("messages", List.of()), answer, Instant.EPOCH, Instant.EPOCH);
		assertThat(call.content()).isEqualTo("change_pin");
		assertThat(call.finishReason()).isEqualTo("stop");
		assertThat(call.totalTokens()).isEqualTo(7);
	}

	@Test
	void recordsAndBeansAreTurnedIntoPlainJson() {
		record Message(String role, String content) {
		}
		LmCall call = LmCall.builder()
			.messages(List.of(new Message("user", "hi")))
			.answer(null, List.of(ToolCall.function("call_9", "classify", "{}")))
			.build();
		assertThat(call.messages()).containsExactly(Map.of("role", "user", "content", "hi"));
		assertThat(call.toolCalls()).singleElement()
			.satisfies((toolCall) -> assertThat(toolCall).containsEntry("id", "call_9")
				.containsEntry("function", Map.of("name", "classify", "arguments", "{}")));
	}

	@Test
	void latencyIsNeverNegative() {
		LmCall call = LmCall.builder().timing(Instant.ofEpochSecond(10), Instant.ofEpochSecond(9)).build();
		assertThat(call.latency()).isZero();
	}

}
