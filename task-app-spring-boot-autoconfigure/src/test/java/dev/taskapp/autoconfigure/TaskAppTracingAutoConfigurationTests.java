package dev.taskapp.autoconfigure;

import java.nio.file.Path;
import java.util.Map;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tracing.RolloutMeters;
import dev.taskapp.tracing.RolloutTraceSink;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.tracing.TraceRecorder;
import dev.taskapp.tracing.TraceStoreMeterBinder;
import dev.taskapp.tracing.TraceWriteQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and overrides of {@link TaskAppTracingAutoConfiguration} and
 * {@link TaskAppTracingMetricsAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskAppTracingAutoConfigurationTests {

	@TempDir
	Path directory;

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskAppAutoConfiguration.class,
				TaskAppTracingAutoConfiguration.class, TaskAppTracingMetricsAutoConfiguration.class))
		.withUserConfiguration(TaskAppConfiguration.class);

	@Test
	void backsOffWithoutATaskAppConfig() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskAppTracingAutoConfiguration.class,
					TaskAppTracingMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RolloutTracing.class)
				.doesNotHaveBean(RolloutMeters.class));
	}

	@Test
	void nothingIsStoredByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RolloutTracing.class)
				.doesNotHaveBean(TraceWriteQueue.class)
				.doesNotHaveBean(TraceStoreMeterBinder.class);
			assertThat(context.getBean(RolloutTracing.class).storesTraces()).isFalse();
		});
	}

	@Test
	void enabledTracingStoresTracesInSqlite() {
		this.contextRunner
			.withPropertyValues("task-app.tracing.enabled=true",
					"task-app.tracing.db-path=" + this.directory.resolve("t.db"))
			.run((context) -> {
				assertThat(context.getBean(TraceWriteQueue.class).writerNames()).containsExactly("sqlite");
				assertThat(context.getBean(RolloutTracing.class).storesTraces()).isTrue();
				assertThat(context).hasSingleBean(TraceStoreMeterBinder.class);
			});
	}

	@Test
	void jdbcUrlSelectsThePostgresStoreAndTurnsTheStoreOn() {
		this.contextRunner
			.withPropertyValues("task-app.tracing.url=jdbc:postgresql://127.0.0.1:5432/traces",
					"task-app.tracing.username=app", "task-app.tracing.password=s3cret")
			.run((context) -> {
				assertThat(context.getBean(TraceWriteQueue.class).writerNames()).containsExactly("postgresql");
				assertThat(context.getBean(TaskAppProperties.class).toString()).doesNotContain("s3cret");
			});
	}

	@Test
	void sqliteJdbcUrlSelectsThatFile() {
		this.contextRunner.withPropertyValues("task-app.tracing.url=jdbc:sqlite:" + this.directory.resolve("u.db"))
			.run((context) -> assertThat(context.getBean(TraceWriteQueue.class).writerNames())
				.containsExactly("sqlite"));
	}

	@Test
	void jdbcUrlOfAnotherDatabaseFailsStartUp() {
		this.contextRunner.withPropertyValues("task-app.tracing.url=jdbc:h2:mem:traces")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("task-app.tracing.url must be a PostgreSQL JDBC URL"));
	}

	@Test
	void jdbcUrlWithAPasswordFailsStartUpWithoutShowingIt() {
		this.contextRunner.withPropertyValues("task-app.tracing.url=jdbc:postgresql://db/traces?password=s3cret")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("must not carry a password")
				.hasMessageNotContaining("s3cret"));
	}

	@Test
	void postgresStoreWithoutItsDriverFailsStartUpNamingTheDependencies() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.postgresql"))
			.withPropertyValues("task-app.tracing.url=jdbc:postgresql://127.0.0.1:5432/traces")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("org.postgresql:postgresql"));
	}

	@Test
	void missingFlywaySkipsTheStoreWithAWarning(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.flywaydb"))
			.withPropertyValues("task-app.tracing.enabled=true")
			.run((context) -> {
				assertThat(context.getBean(TraceWriteQueue.class).writerNames()).isEmpty();
				assertThat(output).contains("Flyway (org.flywaydb:flyway-core)");
			});
	}

	@Test
	void environmentVariableEnablesTheStore() {
		this.contextRunner
			.withPropertyValues("TASKAPP_TRACING_ENABLED=1", "TASKAPP_TRACE_DB_PATH=" + this.directory.resolve("t.db"))
			.run((context) -> assertThat(context).hasSingleBean(TraceWriteQueue.class));
	}

	@Test
	void propertyWinsOverTheEnvironmentVariable() {
		this.contextRunner.withPropertyValues("TASKAPP_TRACING_ENABLED=true", "task-app.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceWriteQueue.class));
	}

	@Test
	void sftOutputDirectoryAloneWritesSftOnly() {
		this.contextRunner.withPropertyValues("SFT_OUTPUT_DIR=" + this.directory)
			.run((context) -> assertThat(context.getBean(TraceWriteQueue.class).writerNames()).containsExactly("sft"));
	}

	@Test
	void queueIsSizedByTheProperties() {
		this.contextRunner
			.withPropertyValues("task-app.tracing.enabled=true", "task-app.tracing.queue-capacity=7",
					"task-app.tracing.db-path=" + this.directory.resolve("t.db"))
			.run((context) -> assertThat(context.getBean(TraceWriteQueue.class).capacity()).isEqualTo(7));
	}

	@Test
	void nonPositiveQueueCapacityFailsStartUp() {
		this.contextRunner.withPropertyValues("task-app.tracing.queue-capacity=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("task-app.tracing.queue-capacity must be positive"));
	}

	@Test
	void missingSqliteDriverSkipsTheStoreWithAWarning(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.sqlite"))
			.withPropertyValues("task-app.tracing.enabled=true")
			.run((context) -> {
				assertThat(context.getBean(TraceWriteQueue.class).writerNames()).isEmpty();
				assertThat(output).contains("the SQLite driver (org.xerial:sqlite-jdbc) is not on the class path");
			});
	}

	@Test
	void userSinkReplacesTheQueue() {
		this.contextRunner.withUserConfiguration(UserSinkConfiguration.class)
			.withPropertyValues("task-app.tracing.enabled=true")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TraceWriteQueue.class);
				assertThat(context.getBean(RolloutTracing.class).storesTraces()).isTrue();
			});
	}

	@Test
	void userTracingReplacesTheAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(UserTracingConfiguration.class)
			.run((context) -> assertThat(context.getBean(RolloutTracing.class))
				.isSameAs(context.getBean(UserTracingConfiguration.class).tracing));
	}

	@Test
	void rolloutTracingUsesTheObservationRegistry() {
		this.contextRunner.withBean(ObservationRegistry.class, () -> {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler((observationContext) -> true);
			return registry;
		})
			.run((context) -> {
				RolloutRequest request = RolloutRequest.of("run_1", RolloutEnvSpec.ofSeed(1),
						RolloutPolicySpec.ofConfig(Map.of()));
				RolloutTracing.Run run = context.getBean(RolloutTracing.class)
					.start(request, TraceRecorder.disabled(), null);
				assertThat(run.isNoop()).isFalse();
				run.cancelled();
				assertThat(context).hasSingleBean(RolloutMeters.class);
			});
	}

	@Test
	void withoutMicrometerThereAreNoMeters() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(RolloutTracing.class)
				.doesNotHaveBean(RolloutMeters.class));
	}

	@Test
	void settingsFallBackToThePythonSdkVariablesThenTheDefaults() {
		TaskAppProperties.Tracing unset = new TaskAppProperties.Tracing(null, null, null, 10, 10, null, null, null);
		TracingSettings defaults = TracingSettings.resolve(unset, new MockEnvironment());
		assertThat(defaults.storeEnabled()).isFalse();
		assertThat(defaults.dbPath()).isEqualTo(Path.of("traces/task_app_traces.db"));
		assertThat(defaults.sftOutputDir()).isNull();
		MockEnvironment environment = new MockEnvironment().withProperty("TASKAPP_TRACING_ENABLED", " YES ")
			.withProperty("TASKAPP_TRACE_DB_PATH", "/data/t.db")
			.withProperty("TASKAPP_SFT_OUTPUT_DIR", "/data/sft")
			.withProperty("SFT_OUTPUT_DIR", "/other");
		TracingSettings fromVariables = TracingSettings.resolve(unset, environment);
		assertThat(fromVariables.storeEnabled()).isTrue();
		assertThat(fromVariables.dbPath()).isEqualTo(Path.of("/data/t.db"));
		assertThat(fromVariables.sftOutputDir()).isEqualTo(Path.of("/data/sft"));
		TracingSettings fromProperties = TracingSettings
			.resolve(new TaskAppProperties.Tracing(false, "p.db", "sft", 10, 10, null, null, null), environment);
		assertThat(fromProperties.storeEnabled()).isFalse();
		assertThat(fromProperties.dbPath()).isEqualTo(Path.of("p.db"));
		assertThat(fromProperties.sftOutputDir()).isEqualTo(Path.of("sft"));
	}

	@Configuration(proxyBeanMethods = false)
	static class TaskAppConfiguration {

		@Bean
		TaskAppConfig taskAppConfig() {
			return ScriptedTaskApp.reactive();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSinkConfiguration {

		@Bean
		RolloutTraceSink userSink() {
			return (trace) -> true;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTracingConfiguration {

		final RolloutTracing tracing = RolloutTracing.disabled("user");

		@Bean
		RolloutTracing userTracing() {
			return this.tracing;
		}

	}

}
