package dev.taskapp.autoconfigure;

import java.util.List;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.web.TaskAppApiKeys;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and overrides of {@link TaskAppAutoConfiguration}.
 */
class TaskAppAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskAppAutoConfiguration.class));

	@Test
	void backsOffWithoutATaskAppConfig() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(TaskAppApiKeys.class)
			.doesNotHaveBean(TaskAppAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME)
			.doesNotHaveBean(TaskAppProperties.class));
	}

	@Test
	void servesTheRoutesOfATaskAppConfig() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(TaskAppApiKeys.class)
				.hasSingleBean(TaskAppProperties.class)
				.hasBean(TaskAppAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME));
	}

	@Test
	void backsOffOutsideAWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TaskAppAutoConfiguration.class))
			.withUserConfiguration(TaskAppConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(TaskAppApiKeys.class));
	}

	@Test
	void backsOffWithoutWebFluxOnTheClassPath() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.withClassLoader(new FilteredClassLoader(RouterFunction.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TaskAppApiKeys.class));
	}

	@Test
	void userApiKeysReplaceTheResolvedOnes() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class, UserKeysConfiguration.class)
			.withPropertyValues("task-app.api-key=from-property")
			.run((context) -> assertThat(context.getBean(TaskAppApiKeys.class).primary()).isEqualTo("user-key"));
	}

	@Test
	void userRouterFunctionOfTheSameNameReplacesTheRoutes() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class, UserRoutesConfiguration.class)
			.run((context) -> assertThat(context.getBean(TaskAppAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME))
				.isSameAs(context.getBean(UserRoutesConfiguration.class).routes));
	}

	@Test
	void apiKeyPropertyWinsOverTheEnvironmentVariables() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.withPropertyValues("task-app.api-key=from-property", "ENVIRONMENT_API_KEY=from-env")
			.run((context) -> {
				TaskAppApiKeys keys = context.getBean(TaskAppApiKeys.class);
				assertThat(keys.primary()).isEqualTo("from-property");
				assertThat(keys.minted()).isFalse();
			});
	}

	@Test
	void apiKeyDefaultsToEnvironmentApiKey() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.withPropertyValues("ENVIRONMENT_API_KEY=from-env", "DEV_ENVIRONMENT_API_KEY=from-dev")
			.run((context) -> assertThat(context.getBean(TaskAppApiKeys.class).primary()).isEqualTo("from-env"));
	}

	@Test
	void apiKeyFallsBackToDevEnvironmentApiKey() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.withPropertyValues("DEV_ENVIRONMENT_API_KEY=from-dev")
			.run((context) -> assertThat(context.getBean(TaskAppApiKeys.class).primary()).isEqualTo("from-dev"));
	}

	@Test
	void aliasesDefaultToTheCommaSeparatedVariable() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.withPropertyValues("task-app.api-key=k", "ENVIRONMENT_API_KEY_ALIASES= a1 ,, a2 ")
			.run((context) -> assertThat(context.getBean(TaskAppApiKeys.class).aliases()).containsExactly("a1", "a2"));
	}

	@Test
	void aliasesPropertyWinsOverTheVariable() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.withPropertyValues("task-app.api-key=k", "task-app.api-key-aliases=p1,p2",
					"ENVIRONMENT_API_KEY_ALIASES=e1")
			.run((context) -> assertThat(context.getBean(TaskAppApiKeys.class).aliases()).containsExactly("p1", "p2"));
	}

	@Test
	void keyIsMintedWhenNoneIsConfigured() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class).run((context) -> {
			TaskAppApiKeys keys = context.getBean(TaskAppApiKeys.class);
			assertThat(keys.minted()).isTrue();
			assertThat(keys.primary()).startsWith("env_").hasSize(36).matches("env_[A-Za-z0-9_-]{32}");
			assertThat(keys.toString()).doesNotContain(keys.primary().substring(4));
		});
	}

	@Test
	void invalidFailureStatusFailsStartupNamingTheProperty() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.withPropertyValues("task-app.auth.failure-status=403")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("task-app.auth.failure-status must be 401 or 400, got 403"));
	}

	@Test
	void invalidBasePathFailsStartupNamingTheProperty() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.withPropertyValues("task-app.base-path=task/")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("task-app.base-path"));
	}

	@Test
	void unknownTunnelModeFailsStartup() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.withPropertyValues("task-app.tunnel.mode=ngrok")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void propertiesBindEveryDocumentedName() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class)
			.withPropertyValues("task-app.tunnel.mode=synthtunnel", "task-app.tunnel.startup=async",
					"task-app.tunnel.startup-timeout=5s", "task-app.tunnel.health-check-timeout=7s",
					"task-app.tunnel.verify.enabled=false", "task-app.tunnel.verify.timeout=9s",
					"task-app.tunnel.preconfigured.url=https://example.test",
					"task-app.tunnel.preconfigured.auth-header=x-proxy-auth",
					"task-app.tunnel.preconfigured.auth-token=proxy-secret",
					"task-app.tunnel.cloudflared.path=/opt/cloudflared", "task-app.tunnel.cloudflared.grace-period=3s",
					"task-app.tunnel.named.token=named-secret", "task-app.tunnel.named.hostname=app.example.test",
					"task-app.tunnel.synth.api-key=synth-secret", "task-app.tunnel.synth.backend-url=http://backend.test",
					"task-app.server.auto-find-port=false", "task-app.max-request-size=1MB", "task-app.base-path=/task",
					"task-app.auth.enabled=false", "task-app.auth.failure-status=400", "task-app.api-key=key-secret")
			.run((context) -> {
				TaskAppProperties properties = context.getBean(TaskAppProperties.class);
				assertThat(properties.tunnel().mode()).isEqualTo(dev.taskapp.tunnel.TunnelMode.SYNTHTUNNEL);
				assertThat(properties.tunnel().startup()).isEqualTo(dev.taskapp.tunnel.TunnelStartup.ASYNC);
				assertThat(properties.tunnel().verify().timeout()).hasSeconds(9);
				assertThat(properties.tunnel().named().hostname()).isEqualTo("app.example.test");
				assertThat(properties.tunnel().cloudflared().gracePeriod()).hasSeconds(3);
				assertThat(properties.server().autoFindPort()).isFalse();
				assertThat(properties.maxRequestSize().toMegabytes()).isOne();
				assertThat(properties.auth().failureStatus()).isEqualTo(400);
				assertThat(properties.toString()).doesNotContain("secret").contains("app.example.test");
			});
	}

	@Test
	void defaultsAreTheDocumentedOnes() {
		this.contextRunner.withUserConfiguration(TaskAppConfiguration.class).run((context) -> {
			TaskAppProperties properties = context.getBean(TaskAppProperties.class);
			assertThat(properties.auth().enabled()).isTrue();
			assertThat(properties.auth().failureStatus()).isEqualTo(401);
			assertThat(properties.basePath()).isEmpty();
			assertThat(properties.maxRequestSize().toMegabytes()).isEqualTo(16);
			assertThat(properties.server().autoFindPort()).isTrue();
			assertThat(properties.tunnel().mode()).isEqualTo(dev.taskapp.tunnel.TunnelMode.AUTO);
			assertThat(properties.tunnel().startup()).isEqualTo(dev.taskapp.tunnel.TunnelStartup.BLOCK);
			assertThat(properties.tunnel().startupTimeout()).hasSeconds(60);
			assertThat(properties.tunnel().healthCheckTimeout()).hasSeconds(30);
			assertThat(properties.tunnel().verify().enabled()).isTrue();
			assertThat(properties.tunnel().verify().timeout()).hasSeconds(60);
			assertThat(properties.tunnel().cloudflared().gracePeriod()).hasSeconds(10);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TaskAppConfiguration {

		@Bean
		TaskAppConfig taskAppConfig() {
			return ScriptedTaskApp.reactive();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserKeysConfiguration {

		@Bean
		TaskAppApiKeys userKeys() {
			return TaskAppApiKeys.of("user-key", List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRoutesConfiguration {

		final RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.GET("/custom", (request) -> ServerResponse.ok().build())
			.build();

		@Bean(TaskAppAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME)
		RouterFunction<ServerResponse> taskAppRouterFunction() {
			return this.routes;
		}

	}

}
