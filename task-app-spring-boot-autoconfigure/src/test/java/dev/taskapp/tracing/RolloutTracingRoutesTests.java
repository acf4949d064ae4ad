package dev.taskapp.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.TraceFormat;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.web.TaskAppApiKeys;
import dev.taskapp.web.TaskAppRouteSettings;
import dev.taskapp.web.TaskAppRoutes;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollout traces through the task-app routes: returned when asked for, stored for every
 * rollout when there is a store, and free when neither.
 */
class RolloutTracingRoutesTests {

	private static final TaskAppRouteSettings SETTINGS = new TaskAppRouteSettings("", false, 401, 1 << 20, java.time.Duration.ofSeconds(30));

	private final List<RolloutTrace> stored = Collections.synchronizedList(new ArrayList<>());

	@Test
	void traceIsReturnedWhenAskedFor() {
		Map<String, Object> response = rollout(client(RolloutTracing.disabled(TracedTaskApp.APP_ID)),
				TracedTaskApp.requestJson("run_1", 2, true, "compact", Map.of()));
		Map<String, Object> trace = TracePayloadsTests.map(response, "trace");
		assertThat(trace).containsEntry("schema_version", "4.0");
		assertThat(TracePayloadsTests.events(trace)).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("type", "lm_call")
				.containsEntry("correlation_id", "trace_run_1"));
		assertThat(TracePayloadsTests.map(trace, "metadata")).containsEntry("trace_correlation_id", "trace_run_1");
		assertThat(response).containsEntry("trace_correlation_id", "trace_run_1");
	}

	@Test
	void traceIsAbsentWhenNotAskedFor() {
		Map<String, Object> response = rollout(client(RolloutTracing.disabled(TracedTaskApp.APP_ID)),
				TracedTaskApp.requestJson("run_2", 2, false, "compact", Map.of()));
		assertThat(response).containsKey("trace").containsEntry("trace", null);
	}

	@Test
	void traceFormatIsRespected() {
		WebTestClient client = client(RolloutTracing.disabled(TracedTaskApp.APP_ID));
		Map<String, Object> compact = TracePayloadsTests
			.map(rollout(client, TracedTaskApp.requestJson("run_3", 2, true, "compact", Map.of())), "trace");
		Map<String, Object> full = TracePayloadsTests
			.map(rollout(client, TracedTaskApp.requestJson("run_4", 2, true, "full", Map.of())), "trace");
		Map<String, Object> structured = TracePayloadsTests
			.map(rollout(client, TracedTaskApp.requestJson("run_5", 2, true, "structured", Map.of())), "trace");
		assertThat(TracePayloadsTests.events(compact).get(0)).doesNotContainKey("latency_ms");
		assertThat(TracePayloadsTests.events(full).get(0)).containsKey("latency_ms");
		assertThat(TracePayloadsTests.map(full, "metadata")).containsEntry("reward", 1.0);
		assertThat(full).doesNotContainKey("session_trace");
		assertThat(structured).containsKey("session_trace");
	}

	@Test
	void traceTheHandlerSetIsKept() {
		Map<String, Object> response = rollout(client(RolloutTracing.disabled(TracedTaskApp.APP_ID)),
				TracedTaskApp.requestJson("run_6", 2, true, "compact", Map.of("behaviour", "own-trace")));
		assertThat(response).containsEntry("trace", Map.of("mine", true));
	}

	@Test
	void everyRolloutIsStoredWhetherItSucceedsOrFails() {
		WebTestClient client = client(new RolloutTracing(TracedTaskApp.APP_ID, ObservationRegistry.NOOP,
				this.stored::add));
		rollout(client, TracedTaskApp.requestJson("run_ok", 2, false, "compact", Map.of()));
		post(client, TracedTaskApp.requestJson("run_fail", 2, false, "compact", Map.of("behaviour", "fail")))
			.expectStatus()
			.isEqualTo(500);
		post(client, TracedTaskApp.requestJson("run_upstream", 2, false, "compact", Map.of("behaviour", "upstream")))
			.expectStatus()
			.isEqualTo(502);
		assertThat(this.stored).extracting(RolloutTrace::runId)
			.containsExactlyInAnyOrder("run_ok", "run_fail", "run_upstream");
		RolloutTrace ok = trace("run_ok");
		assertThat(ok.outcome()).isEqualTo(RolloutOutcome.SUCCESS);
		assertThat(ok.status()).isEqualTo(200);
		assertThat(ok.reward()).isEqualTo(1.0);
		assertThat(ok.calls()).hasSize(1);
		assertThat(ok.traceCorrelationId()).isEqualTo("trace_run_ok");
		assertThat(trace("run_fail").outcome()).isEqualTo(RolloutOutcome.SERVER_ERROR);
		assertThat(trace("run_fail").calls()).hasSize(1);
		assertThat(trace("run_upstream").outcome()).isEqualTo(RolloutOutcome.UPSTREAM_ERROR);
		assertThat(trace("run_upstream").status()).isEqualTo(502);
	}

	@Test
	void returnedAndStoredTracesShareTheirSession() {
		WebTestClient client = client(new RolloutTracing(TracedTaskApp.APP_ID, ObservationRegistry.NOOP,
				this.stored::add));
		Map<String, Object> response = rollout(client,
				TracedTaskApp.requestJson("run_7", 2, true, "compact", Map.of()));
		assertThat(TracePayloadsTests.map(TracePayloadsTests.map(response, "trace"), "metadata"))
			.containsEntry("session_id", trace("run_7").sessionId());
	}

	@Test
	void nothingIsRecordedWhenNoTraceIsAskedForOrStored() {
		AtomicReference<TraceRecorder> seen = new AtomicReference<>();
		TaskAppConfig config = TaskAppConfig.builder(TracedTaskApp.APP_ID).rollout((context) -> {
			seen.set(context.traces());
			return TracedTaskApp.rollout(context);
		}).build();
		WebTestClient client = WebTestClient
			.bindToRouterFunction(TaskAppRoutes.of(config, TaskAppApiKeys.of("key", List.of()), SETTINGS))
			.build();
		rollout(client, TracedTaskApp.requestJson("run_8", 2, false, "compact", Map.of()));
		assertThat(seen.get()).isSameAs(TraceRecorder.disabled());
		rollout(client, TracedTaskApp.requestJson("run_9", 2, true, "compact", Map.of()));
		assertThat(seen.get().isRecording()).isTrue();
	}

	@Test
	void disabledTracingStartsNoRun() {
		RolloutTracing tracing = RolloutTracing.disabled(TracedTaskApp.APP_ID);
		assertThat(tracing.start(TracedTaskApp.request("r", 1, false, TraceFormat.COMPACT),
				TraceRecorder.disabled(), null)
			.isNoop()).isTrue();
		assertThat(tracing.storesTraces()).isFalse();
	}

	@Test
	void runIsFinishedOnlyOnce() {
		RolloutTracing tracing = new RolloutTracing(TracedTaskApp.APP_ID, ObservationRegistry.NOOP, this.stored::add);
		RolloutTracing.Run run = tracing.start(TracedTaskApp.request("r", 1, false, TraceFormat.COMPACT),
				TraceRecorder.create(null), null);
		run.failed(500, new IllegalStateException());
		run.cancelled();
		assertThat(this.stored).singleElement()
			.extracting(RolloutTrace::outcome)
			.isEqualTo(RolloutOutcome.SERVER_ERROR);
	}

	private RolloutTrace trace(String runId) {
		synchronized (this.stored) {
			return this.stored.stream().filter((trace) -> trace.runId().equals(runId)).findFirst().orElseThrow();
		}
	}

	static WebTestClient client(RolloutTracing tracing) {
		return WebTestClient
			.bindToRouterFunction(
					TaskAppRoutes.of(TracedTaskApp.config(), TaskAppApiKeys.of("key", List.of()), SETTINGS, tracing))
			.configureClient()
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	static WebTestClient.ResponseSpec post(WebTestClient client, String body) {
		return client.post().uri("/rollout").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> rollout(WebTestClient client, String body) {
		byte[] response = post(client, body).expectStatus().isOk().expectBody().returnResult().getResponseBody();
		RolloutResponse parsed = TaskAppJson.mapper().readValue(response, RolloutResponse.class);
		assertThat(parsed.runId()).isNotBlank();
		return TaskAppJson.mapper().readValue(response, Map.class);
	}

}
