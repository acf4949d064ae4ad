package dev.taskapp.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.testsupport.ScriptedTaskApp;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link ShutdownDrain} in a running task app: readiness drops first, the app keeps
 * serving for the drain delay, and the rollouts in flight finish.
 */
class ShutdownDrainTests {

	@Test
	void stoppingTaskAppServesThroughTheDrainAndFinishesRolloutsInFlight() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(DrainTestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--task-app.auth.enabled=false", "--spring.main.banner-mode=off",
					"--task-app.shutdown.drain-delay=2s");
		WebClient client = WebClient.create(
				"http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
		ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
		CompletableFuture<Integer> inFlight = rollout(client, "in_flight", Map.of("behaviour", "slow", "delay_ms", 3000))
			.toFuture();
		await().atMost(Duration.ofSeconds(10)).until(() -> ScriptedTaskApp.SLOW_IN_FLIGHT.get() == 1);
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
		assertThat(rollout(client, "during_drain", Map.of()).block(Duration.ofSeconds(10))).isEqualTo(200);
		assertThat(closing).isNotDone();
		assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo(200);
		closing.get(30, TimeUnit.SECONDS);
		assertThat(context.isActive()).isFalse();
	}

	@Test
	void zeroDelayStopsAtOnce() {
		ShutdownDrain drain = new ShutdownDrain(Duration.ZERO);
		drain.start();
		drain.stop();
		assertThat(drain.isRunning()).isFalse();
	}

	@Test
	void negativeDelayIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ShutdownDrain(Duration.ofSeconds(-1)))
			.withMessageContaining("task-app.shutdown.drain-delay");
	}

	private static Mono<Integer> rollout(WebClient client, String runId, Map<String, Object> config) {
		Map<String, Object> request = Map.of("run_id", runId, "env", Map.of("seed", 0), "policy",
				Map.of("policy_id", "p", "config", config), "mode", "eval");
		return client.post()
			.uri("/rollout")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TaskAppJson.mapper().writeValueAsString(request))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class DrainTestApplication {

		@Bean
		TaskAppConfig drainedTaskApp() {
			return ScriptedTaskApp.reactive();
		}

	}

}
