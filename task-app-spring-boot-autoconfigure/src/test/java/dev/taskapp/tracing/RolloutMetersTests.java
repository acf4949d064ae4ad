package dev.taskapp.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters of rollouts and of the trace store in a {@link SimpleMeterRegistry}.
 */
class RolloutMetersTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ObservationRegistry observations = ObservationRegistry.create();

	private final RolloutMeters rolloutMeters = new RolloutMeters();

	RolloutMetersTests() {
		this.rolloutMeters.bindTo(this.meters);
		this.observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(this.meters))
			.observationHandler(this.rolloutMeters);
	}

	@Test
	void rolloutsAreTimedWithOutcomeModeAndStatus() {
		WebTestClient client = client();
		RolloutTracingRoutesTests.rollout(client, TracedTaskApp.requestJson("run_1", 2, false, "compact", Map.of()));
		RolloutTracingRoutesTests.rollout(client, TracedTaskApp.requestJson("run_2", 3, false, "compact", Map.of()));
		RolloutTracingRoutesTests
			.post(client, TracedTaskApp.requestJson("run_3", 2, false, "compact", Map.of("behaviour", "upstream")))
			.expectStatus()
			.isEqualTo(502);
		Timer success = this.meters.get(RolloutTracing.OBSERVATION_NAME)
			.tags("outcome", "success", "mode", "eval", "status", "200")
			.timer();
		assertThat(success.count()).isEqualTo(2);
		Timer upstream = this.meters.get(RolloutTracing.OBSERVATION_NAME)
			.tags("outcome", "upstream_error", "mode", "eval", "status", "502")
			.timer();
		assertThat(upstream.count()).isOne();
		assertThat(this.meters.get(RolloutTracing.OBSERVATION_NAME + ".active").tags("mode", "eval").longTaskTimer())
			.isNotNull();
	}

	@Test
	void rewardsAreSummarised() {
		WebTestClient client = client();
		RolloutTracingRoutesTests.rollout(client, TracedTaskApp.requestJson("run_1", 2, false, "compact", Map.of()));
		RolloutTracingRoutesTests.rollout(client, TracedTaskApp.requestJson("run_2", 3, false, "compact", Map.of()));
		var reward = this.meters.get(RolloutMeters.REWARD).tags("mode", "eval", "outcome", "success").summary();
		assertThat(reward.count()).isEqualTo(2);
		assertThat(reward.totalAmount()).isEqualTo(1.0);
	}

	@Test
	void rolloutsInFlightAreGaugedAndActiveRolloutsCounted() {
		WebTestClient client = client();
		Mono<Void> slow = Mono.fromRunnable(() -> RolloutTracingRoutesTests.rollout(client,
				TracedTaskApp.requestJson("run_slow", 2, false, "compact",
						Map.of("behaviour", "slow", "delay_ms", 1000))))
			.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
			.then();
		var done = slow.toFuture();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.meters.get(RolloutMeters.IN_FLIGHT).gauge().value()).isEqualTo(1.0));
		LongTaskTimer active = this.meters.get(RolloutTracing.OBSERVATION_NAME + ".active").longTaskTimer();
		assertThat(active.activeTasks()).isOne();
		done.join();
		assertThat(this.meters.get(RolloutMeters.IN_FLIGHT).gauge().value()).isZero();
		assertThat(active.activeTasks()).isZero();
	}

	@Test
	void traceStoreQueueDepthWritesAndDropsAreCounted() {
		TraceWriteQueueTests.CollectingWriter writer = new TraceWriteQueueTests.CollectingWriter();
		writer.hold();
		TraceWriteQueue queue = new TraceWriteQueue(List.of(writer), 3, 1);
		new TraceStoreMeterBinder(queue).bindTo(this.meters);
		queue.start();
		try {
			for (int i = 0; i < 10; i++) {
				queue.offer(TestTraces.answered("run_" + i, i, 1.0));
			}
			assertThat(this.meters.get(TraceStoreMeterBinder.QUEUE_DEPTH).gauge().value()).isBetween(2.0, 3.0);
			assertThat(this.meters.get(TraceStoreMeterBinder.DROPPED).tags("reason", "queue_full").functionCounter()
				.count()).isBetween(6.0, 7.0);
			writer.release();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(
						this.meters.get(TraceStoreMeterBinder.WRITTEN).functionCounter().count() + this.meters
							.get(TraceStoreMeterBinder.DROPPED).tags("reason", "queue_full").functionCounter().count())
					.isEqualTo(10.0));
			assertThat(this.meters.get(TraceStoreMeterBinder.DROPPED).tags("reason", "write_failed").functionCounter()
				.count()).isZero();
		}
		finally {
			writer.release();
			queue.stop();
		}
	}

	private WebTestClient client() {
		return RolloutTracingRoutesTests.client(new RolloutTracing(TracedTaskApp.APP_ID, this.observations, null));
	}

}
