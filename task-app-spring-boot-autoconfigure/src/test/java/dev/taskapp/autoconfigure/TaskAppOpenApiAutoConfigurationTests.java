package dev.taskapp.autoconfigure;

import java.time.Duration;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.openapi.ContainerContractOpenApi;
import dev.taskapp.openapi.SwaggerUi;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.web.TaskAppRouteSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link TaskAppOpenApiAutoConfiguration}: the document is always served, the
 * Swagger UI only with its web jar, and a further contract adds its routes to the document.
 */
class TaskAppOpenApiAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TaskAppAutoConfiguration.class, TaskAppOpenApiAutoConfiguration.class))
		.withUserConfiguration(TaskAppConfiguration.class)
		.withPropertyValues("task-app.api-key=sk_openapi_conf");

	@Test
	void servesTheDocumentAndTheSwaggerUiWhenItsWebJarIsPresent() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean(TaskAppOpenApiAutoConfiguration.DOCUMENT_ROUTER_FUNCTION_BEAN_NAME)
				.hasBean(TaskAppOpenApiAutoConfiguration.DOCS_ROUTER_FUNCTION_BEAN_NAME);
			client(context, TaskAppOpenApiAutoConfiguration.DOCS_ROUTER_FUNCTION_BEAN_NAME).get()
				.uri("/docs")
				.exchange()
				.expectStatus()
				.isOk();
		});
	}

	@Test
	void servesTheDocumentWithoutTheSwaggerUiWebJar() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader(new ClassPathResource(SwaggerUi.WEBJAR_PROPERTIES)))
			.run((context) -> {
				assertThat(context).hasBean(TaskAppOpenApiAutoConfiguration.DOCUMENT_ROUTER_FUNCTION_BEAN_NAME)
					.doesNotHaveBean(TaskAppOpenApiAutoConfiguration.DOCS_ROUTER_FUNCTION_BEAN_NAME);
				assertThat(document(context).path("paths").has("/rollout")).isTrue();
			});
	}

	@Test
	void canBeTurnedOff() {
		this.contextRunner.withPropertyValues("task-app.openapi.enabled=false")
			.run((context) -> assertThat(context)
				.doesNotHaveBean(TaskAppOpenApiAutoConfiguration.DOCUMENT_ROUTER_FUNCTION_BEAN_NAME)
				.doesNotHaveBean(TaskAppOpenApiAutoConfiguration.DOCS_ROUTER_FUNCTION_BEAN_NAME)
				.hasBean(TaskAppAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME));
	}

	@Test
	void documentDescribesEveryContractTheAppServes() {
		this.contextRunner.withUserConfiguration(ContainerContractConfiguration.class).run((context) -> {
			JsonNode document = document(context);
			assertThat(document.path("tags").findValuesAsString("name")).containsExactlyInAnyOrder("task-app", "container");
			JsonNode paths = document.path("paths");
			assertThat(paths.has("/rollout")).isTrue();
			assertThat(paths.path("/container/metadata").path("get").path("security").isEmpty()).isFalse();
			assertThat(paths.path("/container/health").path("get").path("security").isEmpty()).isTrue();
		});
	}

	@Test
	void documentOmitsSecurityWhenAuthenticationIsOff() {
		this.contextRunner.withPropertyValues("task-app.auth.enabled=false").run((context) -> {
			JsonNode rollout = document(context).path("paths").path("/rollout").path("post");
			assertThat(rollout.path("security").isEmpty()).isTrue();
			assertThat(rollout.path("responses").has("401")).isFalse();
		});
	}

	@Test
	void documentShowsTheFailureStatusOfAWrongKey() {
		this.contextRunner.withPropertyValues("task-app.auth.failure-status=400").run((context) -> {
			JsonNode responses = document(context).path("paths").path("/info").path("get").path("responses");
			assertThat(responses.has("400")).isTrue();
			assertThat(responses.has("401")).isFalse();
		});
	}

	private static JsonNode document(ApplicationContext context) {
		byte[] body = client(context, TaskAppOpenApiAutoConfiguration.DOCUMENT_ROUTER_FUNCTION_BEAN_NAME).get()
			.uri("/openapi.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return TaskAppJson.mapper().readTree(body);
	}

	@SuppressWarnings("unchecked")
	private static WebTestClient client(ApplicationContext context, String beanName) {
		RouterFunction<ServerResponse> routes = context.getBean(beanName, RouterFunction.class);
		return WebTestClient.bindToRouterFunction(routes).configureClient().responseTimeout(Duration.ofSeconds(10)).build();
	}

	@Configuration(proxyBeanMethods = false)
	static class TaskAppConfiguration {

		@Bean
		TaskAppConfig taskAppConfig() {
			return ScriptedTaskApp.reactive();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ContainerContractConfiguration {

		@Bean
		ContainerContractOpenApi containerContractOpenApi() {
			return new ContainerContractOpenApi(
					new TaskAppRouteSettings("/container", true, 401, 1024, Duration.ofSeconds(30)));
		}

	}

}
