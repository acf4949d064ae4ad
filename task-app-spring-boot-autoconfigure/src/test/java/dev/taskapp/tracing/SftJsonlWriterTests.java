package dev.taskapp.tracing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link SftJsonlWriter}.
 */
class SftJsonlWriterTests {

	@TempDir
	Path directory;

	@Test
	void everyLineParsesAndCarriesThePromptAndTheAnswer() throws Exception {
		SftJsonlWriter writer = new SftJsonlWriter(this.directory.resolve("sft"), "my app");
		writer.write(List.of(TestTraces.answered("run_1", 1, 1.0), TestTraces.answered("run_2", 2, 0.0)));
		writer.write(List.of(TestTraces.answered("run_3", 3, 1.0)));
		writer.close();
		assertThat(writer.file().getFileName().toString()).startsWith("my_app_").endsWith(".jsonl");
		List<String> lines = Files.readAllLines(writer.file());
		assertThat(lines).hasSize(3);
		Map<String, Object> record = TraceJson.read(lines.get(0).getBytes());
		List<Map<String, Object>> messages = TracePayloadsTests.list(record, "messages");
		assertThat(messages).extracting((message) -> message.get("role")).containsExactly("system", "user",
				"assistant");
		assertThat(messages.get(0)).containsEntry("content", TracedTaskApp.SYSTEM_PROMPT);
		assertThat(messages.get(1)).containsEntry("content", "query 1");
		assertThat(TracePayloadsTests.list(messages.get(2), "tool_calls")).singleElement()
			.satisfies((call) -> assertThat(TracePayloadsTests.map(call, "function")).containsEntry("name", "classify")
				.containsEntry("arguments", "{\"intent\": \"change_pin\"}"));
		assertThat(TracePayloadsTests.list(record, "tools")).hasSize(1);
		assertThat(TracePayloadsTests.map(record, "metadata")).containsEntry("run_id", "run_1")
			.containsEntry("reward", 1.0)
			.containsEntry("model", "gpt-test");
	}

	@Test
	void callWithoutAnAnswerWritesNoRecord() throws Exception {
		RolloutTrace answered = TestTraces.answered("run_4", 1, 1.0);
		LmCall unanswered = LmCall.builder().messages(List.of(Map.of("role", "user", "content", "hi"))).build();
		RolloutTrace trace = new RolloutTrace(UUID.randomUUID().toString(), "traced", answered.request(), null,
				answered.startedAt(), answered.endedAt(), RolloutOutcome.SUCCESS, 200, answered.response(),
				List.of(unanswered, TestTraces.call(1)));
		SftJsonlWriter writer = new SftJsonlWriter(this.directory, "traced");
		writer.write(List.of(trace));
		writer.close();
		assertThat(Files.readAllLines(writer.file())).hasSize(1);
	}

	@Test
	void textAnswerIsTheAssistantContent() throws Exception {
		RolloutTrace answered = TestTraces.answered("run_5", 1, 1.0);
		LmCall call = LmCall.builder()
			.messages(List.of(Map.of("role", "user", "content", "reset my PIN")))
			.answer("change_pin", List.of())
			.build();
		RolloutTrace trace = new RolloutTrace(UUID.randomUUID().toString(), "traced", answered.request(), null,
				answered.startedAt(), answered.endedAt(), RolloutOutcome.SUCCESS, 200, answered.response(),
				List.of(call));
		SftJsonlWriter writer = new SftJsonlWriter(this.directory, "traced");
		writer.write(List.of(trace));
		writer.close();
		Map<String, Object> record = TraceJson.read(Files.readAllLines(writer.file()).get(0).getBytes());
		assertThat(TracePayloadsTests.list(record, "messages").get(1)).containsOnlyKeys("role", "content")
			.containsEntry("content", "change_pin");
		assertThat(record).doesNotContainKey("tools");
	}

}
