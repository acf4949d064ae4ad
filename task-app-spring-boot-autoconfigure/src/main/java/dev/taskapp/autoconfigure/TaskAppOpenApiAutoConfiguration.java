package dev.taskapp.autoconfigure;

import java.util.List;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.openapi.ContainerContractOpenApi;
import dev.taskapp.openapi.OpenApiContributor;
import dev.taskapp.openapi.OpenApiRoutes;
import dev.taskapp.openapi.SwaggerUi;
import dev.taskapp.openapi.TaskAppContractOpenApi;
import dev.taskapp.web.TaskAppRouteSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the OpenAPI document of the task-app routes at {@code GET /openapi.json}, and the
 * Swagger UI at {@code GET /docs} when the {@code org.webjars:swagger-ui} web jar is on the
 * class path, both under the base path and without the API key.
 * {@code task-app.openapi.enabled=false} turns both off.
 */
@AutoConfiguration(after = TaskAppAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBean(TaskAppConfig.class)
@ConditionalOnBooleanProperty(name = "task-app.openapi.enabled", matchIfMissing = true)
public final class TaskAppOpenApiAutoConfiguration {

	/** Name of the router function bean of {@code /openapi.json}. */
	public static final String DOCUMENT_ROUTER_FUNCTION_BEAN_NAME = "taskAppOpenApiRouterFunction";

	/** Name of the router function bean of {@code /docs}. */
	public static final String DOCS_ROUTER_FUNCTION_BEAN_NAME = "taskAppDocsRouterFunction";

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnContractServedCondition.TaskApp.class)
	TaskAppContractOpenApi taskAppContractOpenApi(TaskAppProperties properties) {
		return new TaskAppContractOpenApi(routeSettings(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnContractServedCondition.Container.class)
	ContainerContractOpenApi containerContractOpenApi(TaskAppProperties properties) {
		return new ContainerContractOpenApi(new TaskAppRouteSettings(properties.container().basePath(),
				properties.auth().enabled(), properties.auth().failureStatus(), properties.maxRequestSize().toBytes(),
				properties.server().bodyReadTimeout()));
	}

	@Bean(DOCUMENT_ROUTER_FUNCTION_BEAN_NAME)
	RouterFunction<ServerResponse> taskAppOpenApiRouterFunction(TaskAppConfig config, TaskAppProperties properties,
			ObjectProvider<OpenApiContributor> contributors) {
		List<OpenApiContributor> ordered = contributors.orderedStream().toList();
		return OpenApiRoutes.document(config.name(), version(config), routeSettings(properties), ordered);
	}

	private static String version(TaskAppConfig config) {
		String version = config.baseTaskInfo().task().version();
		return (version != null && !version.isBlank()) ? version : "unversioned";
	}

	static TaskAppRouteSettings routeSettings(TaskAppProperties properties) {
		return new TaskAppRouteSettings(properties.basePath(), properties.auth().enabled(),
				properties.auth().failureStatus(), properties.maxRequestSize().toBytes(),
				properties.server().bodyReadTimeout());
	}

	/**
	 * The Swagger UI page, when its web jar is on the class path.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnResource(resources = "classpath:" + SwaggerUi.WEBJAR_PROPERTIES)
	static final class SwaggerUiConfiguration {

		@Bean(DOCS_ROUTER_FUNCTION_BEAN_NAME)
		RouterFunction<ServerResponse> taskAppDocsRouterFunction(TaskAppProperties properties,
				ResourceLoader resourceLoader) {
			ClassLoader classLoader = resourceLoader.getClassLoader();
			SwaggerUi swaggerUi = SwaggerUi.find((classLoader != null) ? classLoader : SwaggerUi.class.getClassLoader());
			if (swaggerUi == null) {
				throw new IllegalStateException(SwaggerUi.WEBJAR_PROPERTIES + " has no version");
			}
			return OpenApiRoutes.docs(swaggerUi, routeSettings(properties));
		}

	}

}
