package dev.taskapp.tunnel.cloudflare;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrlChangedEvent;
import dev.taskapp.tunnel.TunnelStartException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Modes {@code quick} and {@code named} in a real application, with the stand-in cloudflared:
 * the URL announced, a crash after ready restarted with a changed URL, cloudflared stopped with
 * SIGTERM on shutdown, and missing configuration failing start-up.
 */
class CloudflaredApplicationTests {

	@TempDir
	Path directory;

	private final List<FakeCloudflaredBinary> binaries = new ArrayList<>();

	@AfterEach
	void noProcessIsLeft() {
		this.binaries.forEach(FakeCloudflaredBinary::assertNoProcessLeft);
	}

	@Test
	void quickModeAnnouncesTheTunnelUrlAndStopsCloudflaredWithSigtermOnShutdown() {
		FakeCloudflaredBinary binary = binary("normal");
		long pid;
		try (ConfigurableApplicationContext context = run(binary, "--task-app.tunnel.mode=quick")) {
			TaskAppUrl url = context.getBean(TaskAppUrl.class);
			assertThat(url.get(Duration.ZERO)).matches("https://[a-z0-9-]+\\.trycloudflare\\.com");
			assertThat(binary.startedPids()).hasSize(1);
			pid = binary.startedPids().get(0);
			assertThat(binary.argumentsOf(pid)).contains("--no-autoupdate", "--metrics", "--config", "--url");
		}
		assertThat(binary.sawSigterm(pid)).isTrue();
		assertThat(FakeCloudflaredBinary.isAlive(pid)).isFalse();
	}

	@Test
	void cloudflaredThatExitsAfterReadyIsRestartedAndTheNewUrlAnnounced() {
		FakeCloudflaredBinary binary = binary("crash-after-ready");
		try (ConfigurableApplicationContext context = run(binary, "--task-app.tunnel.mode=quick")) {
			Application application = context.getBean(Application.class);
			await().atMost(Duration.ofSeconds(60)).until(() -> !application.changes.isEmpty());
			TaskAppUrlChangedEvent change = application.changes.get(0);
			assertThat(change.getUrl()).isNotEqualTo(change.getPreviousUrl())
				.matches("https://[a-z0-9-]+\\.trycloudflare\\.com");
			assertThat(binary.startedPids()).hasSizeGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void namedModeWithoutTokenFailsStartupBeforeStartingCloudflared() {
		FakeCloudflaredBinary binary = binary("normal");
		assertThatException()
			.isThrownBy(() -> run(binary, "--task-app.tunnel.mode=named", "--task-app.tunnel.named.hostname=app.example"))
			.havingRootCause()
			.isInstanceOfSatisfying(TunnelStartException.class, (ex) -> assertThat(ex.getReason())
				.isEqualTo(TunnelStartException.Reason.NAMED_CONFIGURATION_MISSING));
		assertThat(binary.startedPids()).isEmpty();
	}

	@Test
	void missingCloudflaredFailsStartupNamingThePath() {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(Application.class).web(WebApplicationType.REACTIVE)
				.run("--server.port=0", "--task-app.tunnel.mode=quick",
						"--task-app.tunnel.cloudflared.path=" + this.directory.resolve("no-such-cloudflared")))
			.havingRootCause()
			.isInstanceOfSatisfying(TunnelStartException.class, (ex) -> {
				assertThat(ex.getReason()).isEqualTo(TunnelStartException.Reason.CLOUDFLARED_MISSING);
				assertThat(ex.getMessage()).contains("no-such-cloudflared");
			});
	}

	private FakeCloudflaredBinary binary(String mode) {
		FakeCloudflaredBinary binary = FakeCloudflaredBinary.create(this.directory.resolve(mode), mode);
		this.binaries.add(binary);
		return binary;
	}

	private static ConfigurableApplicationContext run(FakeCloudflaredBinary binary, String... more) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--task-app.api-key=sk_cf_app",
				"--task-app.tunnel.verify.enabled=false", "--task-app.tunnel.cloudflared.grace-period=3s",
				"--task-app.tunnel.cloudflared.path=" + binary.path()));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.REACTIVE)
			.run(args.toArray(String[]::new));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		final List<TaskAppUrlChangedEvent> changes = new CopyOnWriteArrayList<>();

		@Bean
		TaskAppConfig scriptedTaskApp() {
			return ScriptedTaskApp.reactive();
		}

		@EventListener
		void onChange(TaskAppUrlChangedEvent event) {
			this.changes.add(event);
		}

	}

}
