package dev.taskapp.inprocess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskapp.client.TaskAppClient;
import dev.taskapp.client.TaskAppHealth;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TunnelMode;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link InProcessTaskApp} on real servers: each way to give the config, callbacks, ports,
 * several instances, and what wins over the application's own configuration.
 */
class InProcessTaskAppTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static InProcessTaskApp.Builder builder() {
		return InProcessTaskApp.builder().port(Leftovers.freePort());
	}

	private static TaskAppHealth health(InProcessTaskApp app) {
		return TaskAppClient.builder(app.url())
			.apiKey(app.apiKey())
			.workerToken(app.workerToken())
			.maxRetries(0)
			.build()
			.health()
			.block(TIMEOUT);
	}

	@Test
	void configIsServedAtTheLocalUrlByDefault() {
		try (InProcessTaskApp app = builder().config(ScriptedTaskApp.reactive()).start()) {
			assertThat(app.isRunning()).isTrue();
			assertThat(app.url()).isEqualTo("http://127.0.0.1:" + app.port());
			assertThat(app.localUrl()).isEqualTo(app.url());
			assertThat(app.tunnelMode()).isEqualTo(TunnelMode.LOCAL);
			assertThat(app.apiKey()).isNotBlank();
			assertThat(app.workerToken()).isNull();
			assertThat(app.taskAppUrl().isReady()).isTrue();
			assertThat(health(app).ok()).isTrue();
		}
	}

	@Test
	void componentsOfThePackagesAroundAreNotScanned() {
		try (InProcessTaskApp app = builder().config(ScriptedTaskApp.reactive()).start()) {
			assertThat(app.applicationContext().getBeanProvider(NotScanned.class).getIfAvailable()).isNull();
		}
	}

	@Test
	void ipv6LoopbackHostIsServed() {
		assumeTrue(Leftovers.canBind(new InetSocketAddress("::1", 0)), "no IPv6 loopback on this machine");
		try (InProcessTaskApp app = builder().host("::1").config(ScriptedTaskApp.reactive()).start()) {
			assertThat(app.host()).isEqualTo("::1");
			assertThat(app.url()).isEqualTo("http://[::1]:" + app.port());
			assertThat(health(app).ok()).isTrue();
		}
	}

	@Test
	void configSupplierIsCalledOnceWhenTheTaskAppStarts() {
		AtomicInteger calls = new AtomicInteger();
		InProcessTaskApp app = builder().configSupplier(() -> {
			calls.incrementAndGet();
			return ScriptedTaskApp.blocking();
		}).build();
		assertThat(calls).hasValue(0);
		try (app) {
			app.start();
			assertThat(calls).hasValue(1);
			assertThat(health(app).ok()).isTrue();
		}
	}

	@Test
	void configurationClassIsServedWithItsBeans() {
		try (InProcessTaskApp app = builder().configClass(ScriptedConfiguration.class).apiKey("sk_class").start()) {
			assertThat(app.applicationContext().getBean(ScriptedConfiguration.class)).isNotNull();
			assertThat(app.apiKey()).isEqualTo("sk_class");
			assertThat(health(app).ok()).isTrue();
		}
	}

	@Test
	void configurationClassWithoutATaskAppConfigFailsTheStartWithTheFix() {
		Leftovers before = Leftovers.snapshot();
		int port = Leftovers.freePort();
		assertThatExceptionOfType(TaskAppStartException.class)
			.isThrownBy(() -> InProcessTaskApp.builder().port(port).configClass(EmptyConfiguration.class).start())
			.withMessageContaining("configClass " + EmptyConfiguration.class.getName()
					+ " declares no TaskAppConfig bean: add a @Bean method that returns the TaskAppConfig to serve");
		before.assertNothingLeftBehind(port);
	}

	@Test
	void failingConfigSupplierFailsTheStartNamingIt() {
		assertThatExceptionOfType(TaskAppStartException.class).isThrownBy(() -> builder().configSupplier(() -> {
			throw new IllegalStateException("dataset missing");
		}).start()).withMessage("The task app of configSupplier could not start: dataset missing");
	}

	@Test
	void twoTaskAppsRunSideBySideAndStopIndependently() {
		try (InProcessTaskApp first = builder().config(ScriptedTaskApp.reactive()).apiKey("sk_first").start();
				InProcessTaskApp second = builder().config(ScriptedTaskApp.blocking()).apiKey("sk_second").start()) {
			assertThat(first.port()).isNotEqualTo(second.port());
			assertThat(health(first).ok()).isTrue();
			assertThat(health(second).ok()).isTrue();
			first.close();
			assertThat(Leftovers.canBind(first.port())).isTrue();
			assertThat(health(second).ok()).isTrue();
		}
	}

	@Test
	void busyPortMovesToTheNextFreePort() throws IOException {
		try (ServerSocket busy = bindLoopback(); InProcessTaskApp app = InProcessTaskApp.builder()
			.port(busy.getLocalPort())
			.config(ScriptedTaskApp.reactive())
			.start()) {
			assertThat(app.port()).isGreaterThan(busy.getLocalPort()).isLessThan(busy.getLocalPort() + 100);
			assertThat(app.url()).endsWith(":" + app.port());
			assertThat(health(app).ok()).isTrue();
		}
	}

	@Test
	void busyPortFailsTheStartWithoutAutoFindPort() throws IOException {
		try (ServerSocket busy = bindLoopback()) {
			int port = busy.getLocalPort();
			assertThatExceptionOfType(TaskAppStartException.class)
				.isThrownBy(() -> InProcessTaskApp.builder()
					.port(port)
					.autoFindPort(false)
					.config(ScriptedTaskApp.reactive())
					.start())
				.withMessageStartingWith("Port " + port + " is in use. Set autoFindPort(true) to automatically find an"
						+ " available port.")
				.withMessageContaining("It is held by pid " + ProcessHandle.current().pid());
		}
	}

	@Test
	void onStartRunsOnceTheUrlIsReadyAndOnStopRunsOnce() {
		List<String> events = new CopyOnWriteArrayList<>();
		InProcessTaskApp app = builder().config(ScriptedTaskApp.reactive())
			.onStart((started) -> events.add("start " + started.url() + " " + health(started).ok()))
			.onStop((stopping) -> events.add("stop " + stopping.url() + " " + health(stopping).ok()))
			.start();
		String url = app.url();
		assertThat(events).containsExactly("start " + url + " true");
		app.close();
		app.close();
		assertThat(events).containsExactly("start " + url + " true", "stop " + url + " true");
		assertThat(app.isRunning()).isFalse();
		assertThat(Leftovers.canBind(app.port())).isTrue();
	}

	@Test
	void failingCallbacksNeitherStopTheStartNorTheClose() {
		InProcessTaskApp app = builder().config(ScriptedTaskApp.reactive()).onStart((started) -> {
			throw new IllegalStateException("onStart failed");
		}).onStop((stopping) -> {
			throw new IllegalStateException("onStop failed");
		}).start();
		assertThat(app.isRunning()).isTrue();
		app.close();
		assertThat(app.isRunning()).isFalse();
		assertThat(Leftovers.canBind(app.port())).isTrue();
	}

	@Test
	void aTaskAppStartsOnlyOnce() {
		try (InProcessTaskApp app = builder().config(ScriptedTaskApp.reactive()).start()) {
			assertThatIllegalStateException().isThrownBy(app::start)
				.withMessage("An InProcessTaskApp starts only once; this one is running");
		}
	}

	@Test
	void builderOptionsWinOverSystemProperties() {
		int port = Leftovers.freePort();
		System.setProperty("server.port", "1");
		System.setProperty("task-app.tunnel.mode", "quick");
		System.setProperty("task-app.api-key", "sk_from_system");
		try (InProcessTaskApp app = InProcessTaskApp.builder().port(port).config(ScriptedTaskApp.reactive()).start()) {
			assertThat(app.port()).isEqualTo(port);
			assertThat(app.tunnelMode()).isEqualTo(TunnelMode.LOCAL);
			assertThat(app.apiKey()).isEqualTo("sk_from_system");
		}
		finally {
			System.clearProperty("server.port");
			System.clearProperty("task-app.tunnel.mode");
			System.clearProperty("task-app.api-key");
		}
	}

	@Test
	void otherPropertiesApplyToTheTaskApp() {
		try (InProcessTaskApp app = builder().config(ScriptedTaskApp.reactive())
			.property("task-app.base-path", "/task")
			.start()) {
			assertThat(app.url()).isEqualTo("http://127.0.0.1:" + app.port() + "/task");
			assertThat(health(app).ok()).isTrue();
		}
	}

	@Test
	void preconfiguredModeAnnouncesThePreconfiguredUrl() {
		try (InProcessTaskApp app = builder().config(ScriptedTaskApp.reactive())
			.tunnelMode("preconfigured")
			.preconfiguredUrl("https://proxy.example.test/app/")
			.verifyTunnel(false)
			.start()) {
			assertThat(app.url()).isEqualTo("https://proxy.example.test/app");
			assertThat(app.localUrl()).isEqualTo("http://127.0.0.1:" + app.port());
			assertThat(app.tunnelMode()).isEqualTo(TunnelMode.PRECONFIGURED);
		}
	}

	private static ServerSocket bindLoopback() throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Leftovers.freePort()));
		return socket;
	}

	@Configuration(proxyBeanMethods = false)
	static class ScriptedConfiguration {

		@Bean
		TaskAppConfig scriptedTaskApp() {
			return ScriptedTaskApp.reactive();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

	@Component
	static class NotScanned {

	}

}
