package dev.taskapp.autoconfigure;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.container.RolloutRecordStore;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.web.TaskAppNettyRoutes;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which contract's routes {@code task-app.contract} and the two base paths serve.
 */
class TaskAppContainerAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TaskAppAutoConfiguration.class, TaskAppContainerAutoConfiguration.class))
		.withUserConfiguration(TaskAppConfiguration.class);

	@Test
	void taskAppContractIsTheDefaultAndServesNoContainerRoutes() {
		this.contextRunner.run((context) -> assertThat(context)
			.hasBean(TaskAppAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME)
			.hasSingleBean(TaskAppNettyRoutes.class)
			.doesNotHaveBean(TaskAppContainerAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME)
			.doesNotHaveBean(RolloutRecordStore.class));
	}

	@Test
	void containerContractReplacesTheTaskAppRoutesAndTheirNettyRoutes() {
		this.contextRunner.withPropertyValues("task-app.contract=container")
			.run((context) -> assertThat(context).hasBean(TaskAppContainerAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME)
				.hasSingleBean(RolloutRecordStore.class)
				.doesNotHaveBean(TaskAppAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME)
				.doesNotHaveBean(TaskAppNettyRoutes.class));
	}

	@Test
	void eachContractUnderItsOwnBasePathServesBoth() {
		this.contextRunner.withPropertyValues("task-app.contract=container", "task-app.base-path=/task")
			.run((context) -> assertThat(context).hasBean(TaskAppContainerAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME)
				.hasBean(TaskAppAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME));
		this.contextRunner.withPropertyValues("task-app.container.base-path=/container")
			.run((context) -> assertThat(context).hasBean(TaskAppContainerAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME)
				.hasBean(TaskAppAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME));
	}

	@Test
	void bothContractsUnderTheSameBasePathFailWithTheFix() {
		this.contextRunner.withPropertyValues("task-app.base-path=/app", "task-app.container.base-path=/app")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("give task-app.base-path and task-app.container.base-path different values"));
	}

	@Configuration(proxyBeanMethods = false)
	static class TaskAppConfiguration {

		@Bean
		TaskAppConfig taskAppConfig() {
			return ScriptedTaskApp.reactive();
		}

	}

}
