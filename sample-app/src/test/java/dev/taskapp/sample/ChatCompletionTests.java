package dev.taskapp.sample;

import dev.taskapp.contract.ToolCall;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ChatCompletion}.
 */
class ChatCompletionTests {

	private static ChatCompletion parse(String json) {
		return ChatCompletion.parse(TaskAppJson.mapper().readTree(json.replace('\'', '"')));
	}

	@Test
	void toolCallsAreKeptAsReturned() {
		ChatCompletion completion = parse("{'choices': [{'message': {'role': 'assistant', 'content': null,"
				+ " 'tool_calls': [{'id': 'call_9', 'type': 'function', 'function': {'name': 'classify',"
				+ " 'arguments': '{\\'intent\\': \\'change_pin\\'}'}}]}}]}");
		assertThat(completion.content()).isNull();
		assertThat(completion.toolCalls())
			.containsExactly(ToolCall.function("call_9", "classify", "{\"intent\": \"change_pin\"}"));
	}

	@Test
	void objectArgumentsAreWrittenAsAStringAndMissingIdsAreNumbered() {
		ChatCompletion completion = parse("{'choices': [{'message': {'tool_calls': [{'function':"
				+ " {'name': 'classify', 'arguments': {'intent': 'x'}}}]}}]}");
		assertThat(completion.toolCalls())
			.containsExactly(ToolCall.function("call_0", "classify", "{\"intent\":\"x\"}"));
	}

	@Test
	void textPartsAreJoined() {
		ChatCompletion completion = parse("{'choices': [{'message': {'content': [{'type': 'text', 'text': 'card'},"
				+ " {'type': 'image_url'}, {'type': 'text', 'text': 'arrival'}]}}]}");
		assertThat(completion.content()).isEqualTo("card\narrival");
		assertThat(completion.toolCalls()).isEmpty();
	}

	@Test
	void answerWithoutAMessageIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("{'error': 'nope'}"))
			.withMessageContaining("choices[0].message");
	}

}
