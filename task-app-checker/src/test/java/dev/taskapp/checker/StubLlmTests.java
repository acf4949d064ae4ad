package dev.taskapp.checker;

import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stub model's answers: a call of the offered tool with its required arguments filled in,
 * or a text.
 */
class StubLlmTests {

	@Test
	void callsTheOfferedToolWithTheFirstEnumValueOfEachRequiredArgument() {
		String request = """
				{"model":"m","messages":[],"tools":[{"type":"function","function":{"name":"classify",
				"parameters":{"type":"object","properties":{"intent":{"type":"string","enum":["card_arrival","other"]},
				"confidence":{"type":"number"}},"required":["intent","confidence"]}}}]}
				""";
		JsonNode message = TaskAppJson.mapper().readTree(StubLlm.answer(request)).path("choices").path(0).path("message");
		JsonNode call = message.path("tool_calls").path(0).path("function");
		assertThat(call.path("name").asString()).isEqualTo("classify");
		assertThat(TaskAppJson.mapper().readTree(call.path("arguments").asString()).toString())
			.isEqualTo("{\"intent\":\"card_arrival\",\"confidence\":0}");
	}

	@Test
	void answersTextWhenNoToolIsOffered() {
		JsonNode answer = TaskAppJson.mapper().readTree(StubLlm.answer("{\"messages\":[]}"));
		assertThat(answer.path("choices").path(0).path("message").path("content").asString()).isEqualTo("stub answer");
		assertThat(answer.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
	}

}
