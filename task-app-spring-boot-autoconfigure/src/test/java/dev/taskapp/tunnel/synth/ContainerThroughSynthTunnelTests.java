package dev.taskapp.tunnel.synth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TaskAppUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app serving the container contract behind a SynthTunnel route: a caller that sends only
 * the route's worker token as {@code Authorization: Bearer}, as a hosted optimiser does, reaches
 * the key-protected container routes, because the agent adds the app's key to every relayed
 * request.
 */
class ContainerThroughSynthTunnelTests {

	private static final String LEASES = "/api/v1/synthtunnel/leases";

	private static final String AGENT_TOKEN = "agent_tok_container_0123456789";

	private static final String WORKER_TOKEN = "worker_tok_container_0123456789";

	private final WireMockServer backend = new WireMockServer(options().dynamicPort());

	private TestRelay relay;

	private String previousHome;

	@TempDir
	Path home;

	@BeforeEach
	void start() {
		this.previousHome = System.getProperty("user.home");
		System.setProperty("user.home", this.home.toString());
		this.backend.start();
		this.relay = new TestRelay(AGENT_TOKEN);
		this.backend.stubFor(delete(urlEqualTo(LEASES + "/lease-c")).willReturn(aResponse().withStatus(204)));
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"lease_id": "lease-c", "public_url": "%s",
					 "agent_connect": {"transport": "ws", "url": "%s", "agent_token": "%s"},
					 "worker_token": "%s", "expires_at": "%s"}"""
				.formatted(this.relay.publicUrl(), this.relay.agentUrl(), AGENT_TOKEN, WORKER_TOKEN,
						Instant.now().plusSeconds(3600)))));
	}

	@AfterEach
	void stop() {
		this.relay.close();
		this.backend.stop();
		System.setProperty("user.home", this.previousHome);
	}

	@Test
	void relayedCallWithOnlyTheWorkerTokenReachesTheContainerRoutes() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--task-app.api-key=sk_container_app", "--task-app.contract=container",
					"--task-app.tunnel.mode=synthtunnel", "--task-app.tunnel.synth.api-key=sk_synth_container",
					"--task-app.tunnel.synth.backend-url=" + this.backend.baseUrl())) {
			assertThat(context.getBean(TaskAppUrl.class).get(Duration.ZERO)).isEqualTo(this.relay.publicUrl());
			TestRelay.RelayResponse metadata = this.relay
				.forward("GET", "/metadata", List.of(List.of("Authorization", "Bearer " + WORKER_TOKEN)), null)
				.block(Duration.ofSeconds(10));
			assertThat(metadata.status()).isEqualTo(200);
			assertThat(new String(metadata.body(), StandardCharsets.UTF_8)).contains("synth.container.contract.v1");
			assertThat(this.relay.get("/health").block(Duration.ofSeconds(10)).status()).isEqualTo(200);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		TaskAppConfig scriptedTaskApp() {
			return ScriptedTaskApp.reactive();
		}

	}

}
