package dev.taskapp.autoconfigure;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.console.ConsoleRoutes;
import dev.taskapp.console.ConsoleTunnel;
import dev.taskapp.console.RolloutLoad;
import dev.taskapp.console.RolloutLog;
import dev.taskapp.tracing.TraceStoreReader;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelManager;
import dev.taskapp.web.RolloutAdmission;
import dev.taskapp.web.TaskAppApiKeys;
import dev.taskapp.web.TaskAppRouteSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the console page: the {@link RolloutLog} every rollout is reported
 * to and the {@code /console} routes, unless {@code task-app.console.enabled=false}. The load
 * figures come from a {@link RolloutLoad} bean when there is one, else from the
 * {@link RolloutAdmission} of the rollout routes, else from the log; with the
 * trace store on, the console can also list the rollouts stored there.
 */
@AutoConfiguration(after = { TaskAppAutoConfiguration.class, TaskAppTunnelAutoConfiguration.class },
		before = TaskAppTracingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean({ TaskAppConfig.class, TaskAppApiKeys.class })
@ConditionalOnBooleanProperty(name = "task-app.console.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ TaskAppProperties.class, TaskAppConsoleProperties.class })
public final class TaskAppConsoleAutoConfiguration {

	/** Name of the console's router function bean. */
	public static final String ROUTER_FUNCTION_BEAN_NAME = "taskAppConsoleRouterFunction";

	private static final String SQLITE_DRIVER = "org.sqlite.JDBC";

	@Bean
	@ConditionalOnMissingBean
	RolloutLog taskAppRolloutLog(TaskAppConsoleProperties console) {
		return new RolloutLog(console.rollouts(), console.recordCalls());
	}

	@Bean(ROUTER_FUNCTION_BEAN_NAME)
	@ConditionalOnMissingBean(name = ROUTER_FUNCTION_BEAN_NAME)
	RouterFunction<ServerResponse> taskAppConsoleRouterFunction(TaskAppConfig config, RolloutLog log,
			ObjectProvider<RolloutLoad> load, ObjectProvider<RolloutAdmission> admission, ObjectProvider<TaskAppUrl> url, ObjectProvider<TunnelManager> tunnel,
			TaskAppApiKeys keys, TaskAppProperties properties, Environment environment,
			ResourceLoader resourceLoader) {
		TaskAppRouteSettings settings = new TaskAppRouteSettings(properties.basePath(), properties.auth().enabled(),
				properties.auth().failureStatus(), properties.maxRequestSize().toBytes(),
				properties.server().bodyReadTimeout());
		ConsoleTunnel consoleTunnel = new ConsoleTunnel(url.getIfUnique(), () -> {
			TunnelManager manager = tunnel.getIfUnique();
			return (manager != null) ? manager.getState() : null;
		});
		RolloutLoad figures = load.getIfUnique(() -> {
			RolloutAdmission rolloutAdmission = admission.getIfUnique();
			return (rolloutAdmission != null) ? RolloutLoad.of(rolloutAdmission) : log.load();
		});
		return ConsoleRoutes.of(config.appId(), log, figures, consoleTunnel, keys, settings,
				traceStore(properties, environment, resourceLoader));
	}

	private static @Nullable TraceStoreReader traceStore(TaskAppProperties properties, Environment environment,
			ResourceLoader resourceLoader) {
		TracingSettings tracing = TracingSettings.resolve(properties.tracing(), environment);
		return (tracing.storeEnabled() && ClassUtils.isPresent(SQLITE_DRIVER, resourceLoader.getClassLoader()))
				? new TraceStoreReader(tracing.dbPath()) : null;
	}

}
