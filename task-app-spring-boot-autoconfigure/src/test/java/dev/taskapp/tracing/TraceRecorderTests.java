package dev.taskapp.tracing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link TraceRecorder}.
 */
class TraceRecorderTests {

	private static final byte[] ANSWER = TracedTaskApp.ANSWER.getBytes(StandardCharsets.UTF_8);

	@Test
	void disabledRecorderIsSharedAndIgnoresEveryCall() {
		TraceRecorder recorder = TraceRecorder.disabled();
		recorder.recordChatCompletion(TracedTaskApp.chatRequest(1), ANSWER, Instant.now(), Instant.now());
		recorder.record(TestTraces.call(1));
		assertThat(recorder.isRecording()).isFalse();
		assertThat(recorder.calls()).isEmpty();
		assertThat(TraceRecorder.disabled()).isSameAs(recorder);
	}

	@Test
	void chatCompletionsAreRecordedInOrder() {
		TraceRecorder recorder = TraceRecorder.create("http://llm.test/v1/chat/completions");
		recorder.recordChatCompletion(TracedTaskApp.chatRequest(1), ANSWER, Instant.now(), Instant.now());
		recorder.recordChatCompletion(ANSWER, ANSWER, Instant.now(), Instant.now());
		recorder.record(LmCall.builder().model("by-hand").build());
		assertThat(recorder.calls()).hasSize(3).last().extracting(LmCall::model).isEqualTo("by-hand");
	}

	@Test
	void answerThatIsNotJsonIsSkippedWithoutFailing() {
		TraceRecorder recorder = TraceRecorder.create(null);
		recorder.recordChatCompletion(Map.of("messages", List.of()), "<html>".getBytes(StandardCharsets.UTF_8),
				Instant.now(), Instant.now());
		recorder.recordChatCompletion(Map.of("messages", List.of()), "[1]".getBytes(StandardCharsets.UTF_8),
				Instant.now(), Instant.now());
		assertThat(recorder.calls()).isEmpty();
	}

	@Test
	void callsMayBeRecordedFromSeveralThreads() throws InterruptedException {
		TraceRecorder recorder = TraceRecorder.create(null);
		Thread[] threads = new Thread[8];
		for (int i = 0; i < threads.length; i++) {
			threads[i] = new Thread(() -> {
				for (int j = 0; j < 100; j++) {
					recorder.record(LmCall.builder().build());
				}
			});
			threads[i].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(recorder.calls()).hasSize(800);
	}

}
