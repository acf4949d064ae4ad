package dev.taskapp.autoconfigure;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.console.RolloutLoad;
import dev.taskapp.console.RolloutLog;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.web.RolloutAdmission;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link TaskAppConsoleAutoConfiguration}.
 */
class TaskAppConsoleAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskAppAutoConfiguration.class,
				TaskAppConsoleAutoConfiguration.class, TaskAppTracingAutoConfiguration.class))
		.withUserConfiguration(TaskAppConfiguration.class);

	@Test
	void consoleIsOnByDefaultAndHearsEveryRollout() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RolloutLog.class)
				.hasBean(TaskAppConsoleAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME);
			RolloutTracing tracing = context.getBean(RolloutTracing.class);
			assertThat(tracing.recordsCalls()).isFalse();
			context.getBean(RolloutLog.class).viewed();
			assertThat(tracing.recordsCalls()).as("calls are recorded while a console looks").isTrue();
		});
	}

	@Test
	void consoleCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("task-app.console.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RolloutLog.class)
				.doesNotHaveBean(TaskAppConsoleAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME)
				.hasSingleBean(RolloutTracing.class));
	}

	@Test
	void recordingCallsCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("task-app.console.record-calls=false", "task-app.console.rollouts=10")
			.run((context) -> {
				context.getBean(RolloutLog.class).viewed();
				assertThat(context.getBean(RolloutTracing.class).recordsCalls()).isFalse();
			});
	}

	@Test
	void backsOffWithoutATaskAppConfig() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskAppConsoleAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RolloutLog.class));
	}

	@Test
	void anInvalidSizeIsRefusedAtStartUp() {
		this.contextRunner.withPropertyValues("task-app.console.rollouts=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("task-app.console.rollouts must be between 1 and 100000"));
	}

	@Test
	void anApplicationsRolloutLoadIsUsed() {
		this.contextRunner.withBean(RolloutLoad.class, () -> new RolloutLoad() {

			@Override
			public int inFlight() {
				return 0;
			}

			@Override
			public long rejected() {
				return 5;
			}

			@Override
			public int limit() {
				return 4;
			}

		}).run((context) -> assertThat(context).hasNotFailed()
			.hasBean(TaskAppConsoleAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME));
	}

	@Test
	void loadFiguresComeFromTheAdmissionOfTheRolloutRoutes() {
		this.contextRunner.withPropertyValues("task-app.api-key=console-admission-key", "task-app.rollout.max-in-flight=7")
			.run((context) -> {
				RouterFunction<?> console = context.getBean(TaskAppConsoleAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME,
						RouterFunction.class);
				context.getBean(RolloutAdmission.class).tryAcquire();
				WebTestClient.bindToRouterFunction(console)
					.build()
					.get()
					.uri("/console/api/status")
					.header("X-API-Key", "console-admission-key")
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody()
					.jsonPath("$.load.limit")
					.isEqualTo(7)
					.jsonPath("$.load.in_flight")
					.isEqualTo(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class TaskAppConfiguration {

		@Bean
		TaskAppConfig taskAppConfig() {
			return ScriptedTaskApp.reactive();
		}

	}

}
