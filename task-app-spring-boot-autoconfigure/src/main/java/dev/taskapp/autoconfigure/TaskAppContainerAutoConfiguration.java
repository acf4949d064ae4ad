package dev.taskapp.autoconfigure;

import java.time.Clock;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.container.ContainerRoutes;
import dev.taskapp.container.ContainerSettings;
import dev.taskapp.container.InMemoryRolloutRecordStore;
import dev.taskapp.container.PostgresRolloutRecordStore;
import dev.taskapp.container.RolloutRecordStore;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.web.RolloutAdmission;
import dev.taskapp.web.TaskAppApiKeys;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the container contract: with {@code task-app.contract=container}, or
 * a {@code task-app.container.base-path} of its own, the app's {@link TaskAppConfig} is also
 * served as a Synth container behind the same API keys. When {@code task-app.tracing.url} names
 * a PostgreSQL database, the records of its rollouts are kept there, so that every replica
 * sharing that database answers for them; else in this JVM's memory.
 */
@AutoConfiguration(after = TaskAppAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBean({ TaskAppConfig.class, TaskAppApiKeys.class })
@Conditional(OnContractServedCondition.Container.class)
public final class TaskAppContainerAutoConfiguration {

	/** Name of the container router function bean; define a bean of that name to replace the routes. */
	public static final String ROUTER_FUNCTION_BEAN_NAME = "taskAppContainerRouterFunction";

	private static final Log logger = LogFactory.getLog(TaskAppContainerAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	RolloutRecordStore taskAppRolloutRecordStore(TaskAppProperties properties, Environment environment,
			ResourceLoader resourceLoader) {
		String url = TracingSettings.resolve(properties.tracing(), environment).url();
		if (url == null || !url.startsWith("jdbc:postgresql:")) {
			return new InMemoryRolloutRecordStore(properties.container().recordRetention(), Clock.systemUTC());
		}
		ClassLoader classLoader = resourceLoader.getClassLoader();
		if (!ClassUtils.isPresent("org.postgresql.Driver", classLoader)
				|| !ClassUtils.isPresent("org.flywaydb.database.postgresql.PostgreSQLDatabaseType", classLoader)) {
			throw new IllegalStateException("task-app.tracing.url names a PostgreSQL database, which keeps the"
					+ " records of container rollouts, but the PostgreSQL driver (org.postgresql:postgresql) or"
					+ " Flyway's PostgreSQL support (org.flywaydb:flyway-database-postgresql) is not on the class"
					+ " path: add both");
		}
		PostgresRolloutRecordStore store = new PostgresRolloutRecordStore(url, properties.tracing().username(),
				properties.tracing().password(), properties.container().recordRetention(), Clock.systemUTC());
		logger.info("Keeping the records of container rollouts in " + store
				+ ", shared by every replica that uses it");
		return store;
	}

	@Bean(ROUTER_FUNCTION_BEAN_NAME)
	@ConditionalOnMissingBean(name = ROUTER_FUNCTION_BEAN_NAME)
	RouterFunction<ServerResponse> taskAppContainerRouterFunction(TaskAppConfig config, TaskAppApiKeys keys,
			TaskAppProperties properties, RolloutRecordStore store, ObjectProvider<RolloutTracing> tracing,
			RolloutAdmission admission) {
		if (properties.servesTaskAppContract() && properties.basePath().equals(properties.container().basePath())) {
			throw new IllegalStateException("Both contracts would be served under the same base path '"
					+ properties.basePath() + "': give task-app.base-path and task-app.container.base-path"
					+ " different values");
		}
		ContainerSettings settings = new ContainerSettings(properties.container().basePath(),
				properties.auth().enabled(), properties.auth().failureStatus(), properties.maxRequestSize().toBytes(),
				properties.container().recordRetention(), admission::limit);
		return ContainerRoutes.of(config, keys, settings, store,
				tracing.getIfUnique(() -> RolloutTracing.disabled(config.appId())), admission);
	}

}
