package dev.taskapp.container;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.contract.RolloutMetrics;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.tracing.RolloutMeters;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.web.TaskAppApiKeys;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Container rollouts are measured as {@code task.app.rollout}, like task-app rollouts.
 */
class ContainerRolloutMetersTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ObservationRegistry observations = ObservationRegistry.create();

	ContainerRolloutMetersTests() {
		RolloutMeters rolloutMeters = new RolloutMeters();
		rolloutMeters.bindTo(this.meters);
		this.observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(this.meters))
			.observationHandler(rolloutMeters);
	}

	@Test
	void syncAndFailedContainerRolloutsAreTimedWithTheirOutcome() {
		TaskAppConfig app = TaskAppConfig.builder("metered")
			.rollout((context) -> "fail".equals(context.candidate("system_prompt"))
					? Mono.error(TaskAppHttpException.upstream("model down"))
					: Mono.just(RolloutResponse.builder(context.request())
						.metrics(RolloutMetrics.ofSingleEpisode(1.0, 1))
						.build()))
			.build();
		ContainerSettings settings = new ContainerSettings("", false, 401, 1 << 20, Duration.ofMinutes(1),
				() -> ContainerSettings.DEFAULT_SCALE_LEASES);
		WebTestClient client = WebTestClient
			.bindToRouterFunction(ContainerRoutes.of(app, TaskAppApiKeys.of("k", List.of()), settings,
					new InMemoryRolloutRecordStore(Duration.ofMinutes(1), Clock.systemUTC()),
					new RolloutTracing("metered", this.observations, null)))
			.build();
		client.post().uri("/rollout").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("candidate", Map.of("system_prompt", "ok"))).exchange().expectStatus().isOk();
		client.post().uri("/rollout").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("candidate", Map.of("system_prompt", "fail"))).exchange().expectStatus().isEqualTo(502);
		assertThat(this.meters.get(RolloutTracing.OBSERVATION_NAME).tags("outcome", "success").timer().count())
			.isOne();
		assertThat(this.meters.get(RolloutTracing.OBSERVATION_NAME).tags("outcome", "upstream_error").timer().count())
			.isOne();
	}

}
