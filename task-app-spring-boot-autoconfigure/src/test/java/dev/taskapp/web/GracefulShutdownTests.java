package dev.taskapp.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TunnelStoppedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutting down with rollouts in flight: they all finish, the tunnel closes first, and
 * nothing is lost.
 */
class GracefulShutdownTests {

	private static final int IN_FLIGHT = 200;

	@Test
	void rolloutsInFlightFinishBeforeTheServerCloses() {
		AtomicInteger order = new AtomicInteger();
		AtomicInteger tunnelStoppedAt = new AtomicInteger(-1);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(RoutesTestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.listeners((ApplicationListener<TunnelStoppedEvent>) (event) -> tunnelStoppedAt.set(order.get()))
			.run("--server.port=0", "--task-app.api-key=sk_shutdown", "--server.shutdown=graceful",
					"--spring.lifecycle.timeout-per-shutdown-phase=20s");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		for (int i = 0; i < IN_FLIGHT; i++) {
			String body = "{\"run_id\": \"r" + i + "\", \"env\": {\"seed\": " + (2 * i)
					+ "}, \"policy\": {\"config\": {\"behaviour\": \"slow\", \"delay_ms\": 8000}}}";
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rollout"))
				.header("X-API-Key", "sk_shutdown")
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, ex) -> order.incrementAndGet()));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> ScriptedTaskApp.SLOW_IN_FLIGHT.get() == IN_FLIGHT);
		context.close();
		int ok = 0;
		for (CompletableFuture<HttpResponse<String>> answer : answers) {
			HttpResponse<String> response = answer.join();
			assertThat(response.statusCode()).isIn(200, 503);
			if (response.statusCode() == 200) {
				ok++;
				assertThat(response.body()).contains("\"mean_return\":1.0");
			}
		}
		assertThat(ok).as("rollouts answered 200").isEqualTo(IN_FLIGHT);
		assertThat(tunnelStoppedAt.get()).as("tunnel stopped before any in-flight rollout finished").isZero();
	}

}
