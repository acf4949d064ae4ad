package dev.taskapp.autoconfigure;

import java.util.List;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.web.RolloutAdmission;
import dev.taskapp.web.TaskAppApiKeys;
import dev.taskapp.web.TaskAppNettyRoutes;
import dev.taskapp.web.TaskAppNotFoundHandler;
import dev.taskapp.web.TaskAppRouteSettings;
import dev.taskapp.web.TaskAppRoutes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

/**
 * Auto-configuration of a task app: active in a reactive web application that declares a
 * {@link TaskAppConfig} bean, it serves the task-app routes behind the resolved API keys,
 * with rollouts traced by the {@link RolloutTracing} bean (see
 * {@link TaskAppTracingAutoConfiguration}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBean(TaskAppConfig.class)
@EnableConfigurationProperties(TaskAppProperties.class)
public final class TaskAppAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TaskAppAutoConfiguration.class);

	/** Name of the router function bean; define a bean of that name to replace the routes. */
	public static final String ROUTER_FUNCTION_BEAN_NAME = "taskAppRouterFunction";

	@Bean
	@ConditionalOnMissingBean
	TaskAppApiKeys taskAppApiKeys(TaskAppProperties properties, Environment environment) {
		TaskAppApiKeys keys = ApiKeyResolver.resolve(properties, environment);
		if (!properties.auth().enabled()) {
			logger.warn("task-app.auth.enabled=false: the task-app routes accept requests without an API key");
		}
		else if (keys.minted() && servesLocally(properties, environment)) {
			logger.info("Minted a random task-app API key for this run (it is never logged); to call this app"
					+ " with curl, set ENVIRONMENT_API_KEY to a key of your choice (at least "
					+ ApiKeyResolver.MIN_KEY_LENGTH + " characters) and send it as X-API-Key");
		}
		else if (keys.minted()) {
			logger.info("No task-app API key is configured (task-app.api-key, ENVIRONMENT_API_KEY or"
					+ " DEV_ENVIRONMENT_API_KEY): minted a random key for this run; in-process job submitters"
					+ " read it from the TaskAppApiKeys bean");
		}
		List<String> shortKeys = ApiKeyResolver.shortKeys(keys);
		if (properties.auth().enabled() && !shortKeys.isEmpty()) {
			logger.warn("Task-app API keys shorter than " + ApiKeyResolver.MIN_KEY_LENGTH
					+ " characters are easy to guess: " + String.join(", ", shortKeys)
					+ ". Use longer keys, or leave task-app.api-key unset to have one minted.");
		}
		return keys;
	}

	@Bean
	@ConditionalOnMissingBean
	RolloutAdmission taskAppRolloutAdmission(TaskAppProperties properties) {
		return RolloutAdmissions.of(properties.rollout(), properties.tunnel().mode(), Runtime.getRuntime().maxMemory());
	}

	@Bean
	@ConditionalOnClass(NettyServerCustomizer.class)
	NettyServerCustomizer taskAppSlowClientTimeouts(TaskAppProperties properties, Environment environment) {
		TaskAppProperties.Server server = properties.server();
		boolean bootSetsIdleTimeout = environment.containsProperty("server.netty.idle-timeout");
		return new SlowClientTimeouts(server.headerReadTimeout(), bootSetsIdleTimeout ? null : server.idleTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	TaskAppNotFoundHandler taskAppNotFoundHandler(TaskAppProperties properties) {
		return new TaskAppNotFoundHandler(properties.basePath());
	}

	/**
	 * Returns whether the task app is served on its local URL only: tunnel mode {@code local},
	 * or {@code auto} without a Synth API key.
	 */
	private static boolean servesLocally(TaskAppProperties properties, Environment environment) {
		TunnelMode mode = properties.tunnel().mode();
		return mode == TunnelMode.LOCAL || (mode == TunnelMode.AUTO
				&& new TunnelBackends(properties.tunnel(), environment).synthApiKey() == null);
	}

	/**
	 * The task-app routes, unless the application defines its own
	 * {@value #ROUTER_FUNCTION_BEAN_NAME} bean.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = ROUTER_FUNCTION_BEAN_NAME)
	@Conditional(OnContractServedCondition.TaskApp.class)
	static final class TaskAppRoutesConfiguration {

		@Bean(ROUTER_FUNCTION_BEAN_NAME)
		RouterFunction<ServerResponse> taskAppRouterFunction(TaskAppConfig config, TaskAppApiKeys keys,
				TaskAppProperties properties, ObjectProvider<RolloutTracing> tracing, RolloutAdmission admission) {
			return TaskAppRoutes.of(config, keys, routeSettings(properties), tracingOf(config, tracing), admission);
		}

		@Bean
		@ConditionalOnClass(NettyRouteProvider.class)
		@ConditionalOnBooleanProperty(name = "task-app.server.netty-routes", matchIfMissing = true)
		TaskAppNettyRoutes taskAppNettyRoutes(TaskAppConfig config, TaskAppApiKeys keys,
				TaskAppProperties properties, ObjectProvider<RolloutTracing> tracing,
				RolloutAdmission admission, ListableBeanFactory beanFactory) {
			List<String> filters = List.of(beanFactory.getBeanNamesForType(WebFilter.class, true, false));
			if (!filters.isEmpty()) {
				logger.info("POST /rollout and GET /health are served by Reactor Netty ahead of WebFlux, so these"
						+ " WebFilters do not see them: " + filters
						+ ". Set task-app.server.netty-routes=false to route them through WebFlux.");
			}
			return TaskAppNettyRoutes.of(config, keys, routeSettings(properties), tracingOf(config, tracing),
					admission);
		}

		private static TaskAppRouteSettings routeSettings(TaskAppProperties properties) {
			return new TaskAppRouteSettings(properties.basePath(), properties.auth().enabled(),
					properties.auth().failureStatus(), properties.maxRequestSize().toBytes(),
					properties.server().bodyReadTimeout());
		}

		private static RolloutTracing tracingOf(TaskAppConfig config, ObjectProvider<RolloutTracing> tracing) {
			return tracing.getIfUnique(() -> RolloutTracing.disabled(config.appId()));
		}

	}

}
