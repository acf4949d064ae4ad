package dev.taskapp.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.tracing.PostgresTraceWriter;
import dev.taskapp.tracing.RolloutListener;
import dev.taskapp.tracing.RolloutTraceSink;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.tracing.SftJsonlWriter;
import dev.taskapp.tracing.SqliteTraceWriter;
import dev.taskapp.tracing.TraceBatchWriter;
import dev.taskapp.tracing.TraceWriteQueue;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of rollout tracing: the {@link RolloutTracing} the task-app routes use
 * (observed through the application's {@link ObservationRegistry}, if any) and, when
 * {@code task-app.tracing.enabled} or an SFT output directory says so, the
 * {@link TraceWriteQueue} that writes every rollout's trace to the trace store (the SQLite file,
 * or the PostgreSQL database {@code task-app.tracing.url} names) and the SFT JSONL file.
 */
@AutoConfiguration(after = TaskAppAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean(TaskAppConfig.class)
@EnableConfigurationProperties(TaskAppProperties.class)
public final class TaskAppTracingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TaskAppTracingAutoConfiguration.class);

	private static final String SQLITE_DRIVER = "org.sqlite.JDBC";

	private static final String POSTGRESQL_DRIVER = "org.postgresql.Driver";

	private static final String FLYWAY = "org.flywaydb.core.Flyway";

	private static final String FLYWAY_POSTGRESQL = "org.flywaydb.database.postgresql.PostgreSQLDatabaseType";

	@Bean
	@ConditionalOnMissingBean(RolloutTraceSink.class)
	@Conditional(OnTracingOutputCondition.class)
	TraceWriteQueue taskAppTraceWriteQueue(TaskAppConfig config, TaskAppProperties properties,
			Environment environment, ResourceLoader resourceLoader) {
		TracingSettings settings = TracingSettings.resolve(properties.tracing(), environment);
		List<TraceBatchWriter> writers = new ArrayList<>();
		if (settings.storeEnabled()) {
			TraceBatchWriter store = traceStore(settings, properties.tracing(), resourceLoader.getClassLoader());
			if (store != null) {
				writers.add(store);
			}
		}
		if (settings.sftOutputDir() != null) {
			SftJsonlWriter sft = new SftJsonlWriter(settings.sftOutputDir(), config.appId());
			writers.add(sft);
			logger.info("Writing one SFT JSONL record per LM call to " + sft.file().toAbsolutePath());
		}
		return new TraceWriteQueue(writers, properties.tracing().queueCapacity(), properties.tracing().batchSize());
	}

	private static @Nullable TraceBatchWriter traceStore(TracingSettings settings, TaskAppProperties.Tracing tracing,
			@Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(FLYWAY, classLoader)) {
			logger.warn("task-app.tracing.enabled is on but Flyway (org.flywaydb:flyway-core), which manages the"
					+ " trace store's schema, is not on the class path: rollout traces are not stored."
					+ " Add the dependency to store them");
			return null;
		}
		String url = settings.url();
		if (url == null || url.startsWith("jdbc:sqlite:")) {
			Path path = (url != null) ? Path.of(url.substring("jdbc:sqlite:".length())) : settings.dbPath();
			if (!ClassUtils.isPresent(SQLITE_DRIVER, classLoader)) {
				logger.warn("task-app.tracing.enabled is on but the SQLite driver (org.xerial:sqlite-jdbc) is not on"
						+ " the class path: rollout traces are not stored. Add the dependency to store them");
				return null;
			}
			logger.info("Writing every rollout's trace to " + path.toAbsolutePath());
			return new SqliteTraceWriter(path);
		}
		if (!url.startsWith("jdbc:postgresql:")) {
			throw new IllegalStateException("task-app.tracing.url must be a PostgreSQL JDBC URL"
					+ " (jdbc:postgresql://host:port/database) or a SQLite one (jdbc:sqlite:file)");
		}
		if (!ClassUtils.isPresent(POSTGRESQL_DRIVER, classLoader)
				|| !ClassUtils.isPresent(FLYWAY_POSTGRESQL, classLoader)) {
			throw new IllegalStateException("task-app.tracing.url names a PostgreSQL trace store, but the PostgreSQL"
					+ " driver (org.postgresql:postgresql) or Flyway's PostgreSQL support"
					+ " (org.flywaydb:flyway-database-postgresql) is not on the class path: add both");
		}
		PostgresTraceWriter writer = new PostgresTraceWriter(url, tracing.username(), tracing.password());
		logger.info("Writing every rollout's trace to the PostgreSQL trace store " + writer.location());
		return writer;
	}

	@Bean
	@ConditionalOnMissingBean
	RolloutTracing taskAppRolloutTracing(TaskAppConfig config, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<RolloutTraceSink> sinks, ObjectProvider<RolloutListener> listeners) {
		return new RolloutTracing(config.appId(), observations.getIfUnique(() -> ObservationRegistry.NOOP),
				sinks.getIfUnique(), listeners.getIfUnique());
	}

}
