package dev.taskapp.tracing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link RolloutListener} hears of every rollout through the task-app routes, and gets the
 * model calls only when it wants them.
 */
class RolloutListenerTests {

	private final List<FinishedRollout> finished = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger started = new AtomicInteger();

	private final AtomicBoolean wantsCalls = new AtomicBoolean();

	private final RolloutListener listener = new RolloutListener() {

		@Override
		public boolean wantsCalls() {
			return RolloutListenerTests.this.wantsCalls.get();
		}

		@Override
		public void rolloutStarted() {
			RolloutListenerTests.this.started.incrementAndGet();
		}

		@Override
		public void rolloutFinished(FinishedRollout rollout) {
			RolloutListenerTests.this.finished.add(rollout);
		}

	};

	private final WebTestClient client = RolloutTracingRoutesTests
		.client(new RolloutTracing(TracedTaskApp.APP_ID, ObservationRegistry.NOOP, null, this.listener));

	@Test
	void everyRolloutIsReportedWithItsRewardStatusAndError() {
		RolloutTracingRoutesTests.rollout(this.client, TracedTaskApp.requestJson("run_ok", 2, false, "compact", Map.of()));
		RolloutTracingRoutesTests
			.post(this.client, TracedTaskApp.requestJson("run_fail", 3, false, "compact", Map.of("behaviour", "fail")))
			.expectStatus()
			.isEqualTo(500);
		RolloutTracingRoutesTests
			.post(this.client,
					TracedTaskApp.requestJson("run_upstream", 4, false, "compact", Map.of("behaviour", "upstream")))
			.expectStatus()
			.isEqualTo(502);
		assertThat(this.started).hasValue(3);
		assertThat(this.finished).extracting(FinishedRollout::runId)
			.containsExactlyInAnyOrder("run_ok", "run_fail", "run_upstream");
		FinishedRollout ok = finished("run_ok");
		assertThat(ok.seed()).isEqualTo(2);
		assertThat(ok.reward()).isEqualTo(1.0);
		assertThat(ok.status()).isEqualTo(200);
		assertThat(ok.error()).isNull();
		assertThat(ok.durationNanos()).isPositive();
		assertThat(ok.traceCorrelationId()).isEqualTo("trace_run_ok");
		assertThat(finished("run_fail").error()).isEqualTo("IllegalStateException: scripted failure");
		assertThat(finished("run_fail").reward()).isNull();
		assertThat(finished("run_upstream").error()).isEqualTo("LLM at llm.test answered 500");
		assertThat(finished("run_upstream").outcome()).isEqualTo(RolloutOutcome.UPSTREAM_ERROR);
	}

	@Test
	void modelCallsAreRecordedOnlyWhileTheListenerWantsThem() {
		RolloutTracingRoutesTests.rollout(this.client, TracedTaskApp.requestJson("run_1", 2, false, "compact", Map.of()));
		this.wantsCalls.set(true);
		RolloutTracingRoutesTests.rollout(this.client, TracedTaskApp.requestJson("run_2", 2, false, "compact", Map.of()));
		assertThat(finished("run_1").calls()).isEmpty();
		assertThat(finished("run_2").calls()).singleElement()
			.satisfies((call) -> assertThat(call.messages()).extracting((message) -> message.get("content"))
				.contains(TracedTaskApp.SYSTEM_PROMPT));
	}

	@Test
	void aListenerThatThrowsDoesNotFailTheRollout() {
		RolloutTracing tracing = new RolloutTracing(TracedTaskApp.APP_ID, ObservationRegistry.NOOP, null,
				new RolloutListener() {

					@Override
					public void rolloutStarted() {
					}

					@Override
					public void rolloutFinished(FinishedRollout rollout) {
						throw new IllegalStateException("listener failed");
					}

				});
		RolloutTracingRoutesTests.rollout(RolloutTracingRoutesTests.client(tracing),
				TracedTaskApp.requestJson("run_3", 2, false, "compact", Map.of()));
	}

	private FinishedRollout finished(String runId) {
		synchronized (this.finished) {
			return this.finished.stream().filter((rollout) -> rollout.runId().equals(runId)).findFirst().orElseThrow();
		}
	}

}
