package dev.taskapp.config;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutMode;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRecordConfig;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutSafetyConfig;
import dev.taskapp.contract.TraceFormat;
import dev.taskapp.tracing.TraceRecorder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of {@link RolloutContext}.
 */
class RolloutContextTests {

	private static final Map<String, Object> CONFIG = Map.of("inference_url", "https://llm.test/v1?cid=trace_abc");

	@Test
	void contextDerivesTheChatCompletionsUrlAndTheCorrelationId() {
		RolloutContext context = RolloutContext.of(request(false));
		assertThat(context.chatCompletionsUrl()).isEqualTo("https://llm.test/v1/chat/completions?cid=trace_abc");
		assertThat(context.traceCorrelationId()).isEqualTo("trace_abc");
	}

	@Test
	void parsedChatCompletionsUrlIsTheSameUrl() {
		RolloutContext context = RolloutContext.of(request(false));
		URI uri = context.requireChatCompletionsUri();
		assertThat(uri).isSameAs(context.chatCompletionsUri());
		assertThat(uri.getHost()).isEqualTo("llm.test");
		assertThat(uri.getRawQuery()).isEqualTo("cid=trace_abc");
		assertThat(uri.toString()).isEqualTo(context.requireChatCompletionsUrl());
	}

	@Test
	void missingInferenceUrlIsA400WhenRequired() {
		RolloutRequest request = new RolloutRequest("run_1", RolloutEnvSpec.ofSeed(1),
				RolloutPolicySpec.ofConfig(Map.of("model", "m")), List.of(),
				new RolloutRecordConfig(true, false, false, false, TraceFormat.COMPACT), null,
				RolloutSafetyConfig.DEFAULTS, null, null, RolloutMode.EVAL, null);
		RolloutContext context = RolloutContext.of(request);
		assertThat(context.chatCompletionsUri()).isNull();
		assertThat(context.chatCompletionsUrl()).isNull();
		assertThatExceptionOfType(TaskAppHttpException.class).isThrownBy(context::requireChatCompletionsUri)
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(400))
			.withMessageContaining("Missing inference_url");
	}

	@Test
	void recorderIsTheSharedDisabledOneWhenNoTraceIsWanted() {
		assertThat(RolloutContext.of(request(false)).traces()).isSameAs(TraceRecorder.disabled());
		assertThat(RolloutContext.of(request(false), false).traces()).isSameAs(TraceRecorder.disabled());
	}

	@Test
	void recorderRecordsWhenTheRequestAsksForATrace() {
		TraceRecorder traces = RolloutContext.of(request(true)).traces();
		assertThat(traces.isRecording()).isTrue();
		assertThat(traces.chatCompletionsUrl()).isEqualTo("https://llm.test/v1/chat/completions?cid=trace_abc");
	}

	@Test
	void recorderRecordsWhenTracesAreStored() {
		assertThat(RolloutContext.of(request(false), true).traces().isRecording()).isTrue();
	}

	private static RolloutRequest request(boolean returnTrace) {
		return new RolloutRequest("run_1", RolloutEnvSpec.ofSeed(1), RolloutPolicySpec.ofConfig(CONFIG), List.of(),
				new RolloutRecordConfig(true, false, false, returnTrace, TraceFormat.COMPACT), null,
				RolloutSafetyConfig.DEFAULTS, null, null, RolloutMode.EVAL, null);
	}

}
