package dev.taskapp.inprocess.junit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import dev.taskapp.client.TaskAppClient;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.inprocess.InProcessTaskApp;
import dev.taskapp.testsupport.ScriptedTaskApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The lifecycle of {@link TaskAppTest} task apps and its configuration errors, observed by
 * running fixture test classes with the JUnit Platform launcher.
 */
class TaskAppExtensionLifecycleTests {

	@Test
	void taskAppIsClosedAfterTheLastTestOfTheClass() {
		TestExecutionSummary summary = run(SupplierFixture.class);
		assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
		assertThat(SupplierFixture.apps).hasSize(2).allSatisfy((app) -> {
			assertThat(app).isSameAs(SupplierFixture.apps.get(0));
			assertThat(app.isRunning()).isFalse();
			assertThat(canBind(app.port())).isTrue();
		});
	}

	@Test
	void configClassIsServedAndInjectedIntoAPerClassConstructor() {
		TestExecutionSummary summary = run(PerClassFixture.class);
		assertThat(summary.getFailures()).isEmpty();
		assertThat(summary.getTestsSucceededCount()).isOne();
		assertThat(PerClassFixture.app.isRunning()).isFalse();
	}

	@Test
	void withoutAConfigTheClassFails() {
		assertThat(failure(NoConfigFixture.class)).isEqualTo("@TaskAppTest on " + NoConfigFixture.class.getName()
				+ " must set exactly one of: value (a config supplier), configMethod, or configClass (got none)");
	}

	@Test
	void withTwoConfigsTheClassFails() {
		assertThat(failure(TwoConfigsFixture.class)).endsWith("(got value, configMethod)");
	}

	@Test
	void configMethodMustBeStatic() {
		assertThat(failure(InstanceMethodFixture.class)).isEqualTo("@TaskAppTest configMethod 'config' of "
				+ InstanceMethodFixture.class.getName() + " must be static and return a TaskAppConfig");
	}

	@Test
	void builderChecksApplyToTheAnnotation() {
		assertThat(failure(ReservedPropertyFixture.class))
			.isEqualTo("Property server.port is set with port(int), not property(...)");
		assertThat(failure(BadModeFixture.class)).startsWith("tunnelMode must be one of");
	}

	private static TestExecutionSummary run(Class<?> testClass) {
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		LauncherFactory.create()
			.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
		return listener.getSummary();
	}

	private static String failure(Class<?> testClass) {
		List<TestExecutionSummary.Failure> failures = run(testClass).getFailures();
		assertThat(failures).hasSize(1);
		return failures.get(0).getException().getMessage();
	}

	private static boolean canBind(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public static class ScriptedSupplier implements Supplier<TaskAppConfig> {

		@Override
		public TaskAppConfig get() {
			return ScriptedTaskApp.reactive();
		}

	}

	@TaskAppTest(ScriptedSupplier.class)
	static class SupplierFixture {

		static final List<InProcessTaskApp> apps = new CopyOnWriteArrayList<>();

		@Test
		void first(InProcessTaskApp app) {
			apps.add(app);
		}

		@Test
		void second(InProcessTaskApp app, TaskAppClient client) {
			apps.add(app);
			assertThat(client.health().block(Duration.ofSeconds(20)).ok()).isTrue();
		}

	}

	@TaskAppTest(configClass = ScriptedConfiguration.class)
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	static class PerClassFixture {

		static InProcessTaskApp app;

		private final TaskAppClient client;

		PerClassFixture(TaskAppClient client, InProcessTaskApp app) {
			this.client = client;
			PerClassFixture.app = app;
		}

		@Test
		void healthy() {
			assertThat(this.client.health().block(Duration.ofSeconds(20)).ok()).isTrue();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScriptedConfiguration {

		@Bean
		TaskAppConfig scriptedTaskApp() {
			return ScriptedTaskApp.blocking();
		}

	}

	@TaskAppTest
	static class NoConfigFixture {

		@Test
		void test() {
		}

	}

	@TaskAppTest(value = ScriptedSupplier.class, configMethod = "config")
	static class TwoConfigsFixture {

		static TaskAppConfig config() {
			return ScriptedTaskApp.reactive();
		}

		@Test
		void test() {
		}

	}

	@TaskAppTest(configMethod = "config")
	static class InstanceMethodFixture {

		TaskAppConfig config() {
			return ScriptedTaskApp.reactive();
		}

		@Test
		void test() {
		}

	}

	@TaskAppTest(value = ScriptedSupplier.class, properties = "server.port=9999")
	static class ReservedPropertyFixture {

		@Test
		void test() {
		}

	}

	@TaskAppTest(value = ScriptedSupplier.class, tunnelMode = "ngrok")
	static class BadModeFixture {

		@Test
		void test() {
		}

	}

}
