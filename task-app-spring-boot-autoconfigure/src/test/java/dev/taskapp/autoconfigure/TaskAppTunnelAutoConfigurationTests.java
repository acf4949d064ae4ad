package dev.taskapp.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.LocalTunnelBackend;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelBackend;
import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelManager;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelRequest;
import dev.taskapp.tunnel.TunnelStartException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The tunnel wiring of real applications: mode choice, the URL and its event, failures,
 * ports and overrides.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskAppTunnelAutoConfigurationTests {

	@Test
	void localModeAnnouncesTheLocalUrlOnceItIsHealthy(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("task-app.tunnel.mode=local", "task-app.api-key=k")) {
			TaskAppUrl url = context.getBean(TaskAppUrl.class);
			int port = port(context);
			assertThat(url.get(Duration.ZERO)).isEqualTo("http://127.0.0.1:" + port);
			assertThat(url.mode()).isEqualTo(TunnelMode.LOCAL);
			assertThat(url.apiKey()).isEqualTo("k");
			assertThat(context.getBean(TunnelTestApplication.class).readyEvents).singleElement()
				.satisfies((event) -> assertThat(event.getUrl()).isEqualTo(url.get(Duration.ZERO)));
			assertThat(output.getOut().lines().filter((line) -> line.contains("Task app reachable at"))).hasSize(1);
		}
	}

	@Test
	void autoModeWithoutSynthKeyIsLocalWithAWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("task-app.tunnel.mode=auto", "SYNTH_API_KEY=")) {
			assertThat(context.getBean(TaskAppUrl.class).mode()).isEqualTo(TunnelMode.LOCAL);
			assertThat(output).contains("found no Synth API key").contains("SYNTH_API_KEY");
		}
	}

	@Test
	void basePathIsPartOfTheUrls() {
		try (ConfigurableApplicationContext context = run("task-app.tunnel.mode=local", "task-app.base-path=/task")) {
			TaskAppUrl url = context.getBean(TaskAppUrl.class);
			assertThat(url.get(Duration.ZERO)).endsWith(":" + port(context) + "/task");
			assertThat(url.localUrl()).endsWith("/task");
		}
	}

	@Test
	void preconfiguredModeWithoutUrlFailsStartupWithTheFix() {
		assertThatException()
			.isThrownBy(() -> run("task-app.tunnel.mode=preconfigured", "SYNTH_TASK_APP_URL="))
			.havingRootCause()
			.isInstanceOfSatisfying(TunnelStartException.class, (ex) -> {
				assertThat(ex.getReason()).isEqualTo(TunnelStartException.Reason.PRECONFIGURED_URL_MISSING);
				assertThat(new TunnelStartFailureAnalyzer().analyze(ex).getAction())
					.contains("task-app.tunnel.preconfigured.url", "SYNTH_TASK_APP_URL");
			});
	}

	@Test
	void preconfiguredUrlDefaultsToTheSynthVariable() {
		try (ConfigurableApplicationContext context = run("task-app.tunnel.mode=preconfigured",
				"task-app.tunnel.verify.enabled=false", "SYNTH_TASK_APP_URL=https://proxy.example.test/app/")) {
			assertThat(context.getBean(TaskAppUrl.class).get(Duration.ZERO))
				.isEqualTo("https://proxy.example.test/app");
		}
	}

	@Test
	void invalidModeFailsStartupListingTheValidModes(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("task-app.tunnel.mode=ngrok"))
			.withStackTraceContaining("task-app.tunnel.mode");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("task-app.tunnel.mode")
			.contains("The following values are valid")
			.contains("SYNTHTUNNEL");
	}

	@Test
	void tunnelFailureIsReportedWithTheFix(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("task-app.tunnel.mode=preconfigured", "SYNTH_TASK_APP_URL="));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The task app could not be made reachable (task-app.tunnel.mode=preconfigured)")
			.contains("Set task-app.tunnel.preconfigured.url");
	}

	@Test
	void managementServerOnItsOwnPortOpensNoSecondTunnel() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TunnelTestApplication.class,
				CountingBackendConfiguration.class)
			.web(WebApplicationType.REACTIVE)
			.run(arguments("management.server.port=0", "task-app.tunnel.mode=local"))) {
			assertThat(context.getBean(CountingBackendConfiguration.class).opened.get()).isOne();
			assertThat(context.getBeansOfType(TunnelManager.class)).hasSize(1);
			assertThat(context.getBean(TaskAppUrl.class).get(Duration.ZERO)).endsWith(":" + port(context));
		}
	}

	@Test
	void userTunnelBackendReplacesTheConfiguredOne() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TunnelTestApplication.class,
				CountingBackendConfiguration.class)
			.web(WebApplicationType.REACTIVE)
			.run(arguments("task-app.tunnel.mode=quick"))) {
			assertThat(context.getBean(TunnelBackend.class)).isInstanceOf(CountingBackend.class);
		}
	}

	@Test
	void busyPortMovesToTheNextFreePort() throws IOException {
		try (ServerSocket busy = new ServerSocket()) {
			busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			int busyPort = busy.getLocalPort();
			try (ConfigurableApplicationContext context = run("server.port=" + busyPort,
					"server.address=127.0.0.1")) {
				assertThat(port(context)).isGreaterThan(busyPort).isLessThan(busyPort + 100);
				assertThat(context.getBean(TaskAppUrl.class).get(Duration.ZERO)).endsWith(":" + port(context));
			}
		}
	}

	@Test
	void busyPortWithoutAutoFindFailsNamingThePort() throws IOException {
		try (ServerSocket busy = new ServerSocket()) {
			busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			int busyPort = busy.getLocalPort();
			assertThatException()
				.isThrownBy(() -> run("server.port=" + busyPort, "server.address=127.0.0.1",
						"task-app.server.auto-find-port=false"))
				.withStackTraceContaining(PortInUseException.class.getName())
				.withStackTraceContaining(String.valueOf(busyPort));
		}
	}

	@Test
	void nonLoopbackServerAddressFailsStartupNamingTheSetting() {
		assertThatException().isThrownBy(() -> run("server.address=192.0.2.10"))
			.havingRootCause()
			.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
					(ex) -> assertThat(ex.getName()).isEqualTo("server.address"));
	}

	@Test
	void noTunnelWithoutAnEmbeddedWebServer() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskAppAutoConfiguration.class, TaskAppTunnelAutoConfiguration.class))
			.withBean(dev.taskapp.config.TaskAppConfig.class, ScriptedTaskApp::reactive)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TunnelManager.class)
				.doesNotHaveBean(TaskAppUrl.class));
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(TunnelTestApplication.class).web(WebApplicationType.REACTIVE)
			.run(arguments(properties));
	}

	private static String[] arguments(String... properties) {
		Stream<String> port = Arrays.stream(properties).anyMatch((property) -> property.startsWith("server.port="))
				? Stream.empty() : Stream.of("server.port=0");
		return Stream.concat(port, Arrays.stream(properties)).map((property) -> "--" + property).toArray(String[]::new);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Configuration(proxyBeanMethods = false)
	static class CountingBackendConfiguration {

		final AtomicInteger opened = new AtomicInteger();

		@Bean
		CountingBackend countingBackend() {
			return new CountingBackend(this.opened);
		}

	}

	static final class CountingBackend implements TunnelBackend {

		private final AtomicInteger opened;

		private final LocalTunnelBackend local = new LocalTunnelBackend();

		CountingBackend(AtomicInteger opened) {
			this.opened = opened;
		}

		@Override
		public TunnelMode mode() {
			return TunnelMode.LOCAL;
		}

		@Override
		public TunnelHandle open(TunnelRequest request) {
			this.opened.incrementAndGet();
			return this.local.open(request);
		}

	}

}
