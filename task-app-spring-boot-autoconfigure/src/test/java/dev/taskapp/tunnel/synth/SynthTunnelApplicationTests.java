package dev.taskapp.tunnel.synth;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.web.RolloutAdmission;
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
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Mode {@code synthtunnel} in a real application: the lease from the (WireMock) Synth backend,
 * the agent attached to a real relay, the public URL verified through the relay, the worker
 * token in {@link TaskAppUrl}, and the lease deleted on shutdown.
 */
class SynthTunnelApplicationTests {

	private static final String LEASES = "/api/v1/synthtunnel/leases";

	private static final String AGENT_TOKEN = "agent_tok_app_0123456789";

	private static final String WORKER_TOKEN = "worker_tok_app_0123456789";

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
		this.backend.stubFor(delete(urlEqualTo(LEASES + "/lease-app")).willReturn(aResponse().withStatus(204)));
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"lease_id": "lease-app", "route_token": "rt_app", "public_base_url": "%s",
					 "public_url": "%s", "agent_connect": {"transport": "ws", "url": "%s", "agent_token": "%s"},
					 "worker_token": "%s", "expires_at": "%s", "limits": {"max_inflight": 16}}"""
				.formatted(this.relay.publicUrl(), this.relay.publicUrl(), this.relay.agentUrl(), AGENT_TOKEN,
						WORKER_TOKEN, Instant.now().plusSeconds(3600)))));
	}

	@AfterEach
	void stop() {
		this.relay.close();
		this.backend.stop();
		System.setProperty("user.home", this.previousHome);
	}

	@Test
	void autoModeWithASynthKeyServesThroughTheRelayAndDeletesTheLeaseOnShutdown() {
		try (ConfigurableApplicationContext context = run("--task-app.tunnel.mode=auto",
				"--task-app.tunnel.synth.api-key=sk_synth_app_secret")) {
			TaskAppUrl url = context.getBean(TaskAppUrl.class);
			assertThat(url.mode()).isEqualTo(TunnelMode.SYNTHTUNNEL);
			assertThat(url.get(Duration.ZERO)).isEqualTo(this.relay.publicUrl());
			assertThat(url.workerToken()).isEqualTo(WORKER_TOKEN);
			assertThat(url.tunnelLeaseId()).isEqualTo("lease-app");
			assertThat(url.toString()).doesNotContain(WORKER_TOKEN);
			assertThat(context.getBean(RolloutAdmission.class).limit()).isEqualTo(16);
			assertThat(this.relay.get("/task_info").block(Duration.ofSeconds(10)).status()).isEqualTo(200);
			this.backend.verify(postRequestedFor(urlEqualTo(LEASES)).withHeader("Authorization",
					equalTo("Bearer sk_synth_app_secret")));
		}
		this.backend.verify(1, deleteRequestedFor(urlEqualTo(LEASES + "/lease-app")));
	}

	@Test
	void synthTunnelWithoutAKeyFailsStartupBeforeLeasing() {
		assertThatException().isThrownBy(() -> run("--task-app.tunnel.mode=synthtunnel", "--SYNTH_API_KEY="))
			.havingRootCause()
			.isInstanceOfSatisfying(TunnelStartException.class,
					(ex) -> assertThat(ex.getReason()).isEqualTo(TunnelStartException.Reason.SYNTH_API_KEY_MISSING));
		this.backend.verify(0, postRequestedFor(urlEqualTo(LEASES)));
	}

	private ConfigurableApplicationContext run(String... arguments) {
		List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--task-app.api-key=sk_task_app",
				"--task-app.tunnel.synth.backend-url=" + this.backend.baseUrl()));
		args.addAll(List.of(arguments));
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.REACTIVE)
			.run(args.toArray(String[]::new));
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
