package dev.taskapp.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.taskapp.config.TaskAppConfig;
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
 * {@link TraceWriteQueue} that writes every rollout's trace to the SQLite trace store and the
 * SFT JSONL file.
 */
@AutoConfiguration(after = TaskAppAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean(TaskAppConfig.class)
@EnableConfigurationProperties(TaskAppProperties.class)
public final class TaskAppTracingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TaskAppTracingAutoConfiguration.class);

	private static final String SQLITE_DRIVER = "org.sqlite.JDBC";

	@Bean
	@ConditionalOnMissingBean(RolloutTraceSink.class)
	@Conditional(OnTracingOutputCondition.class)
	TraceWriteQueue taskAppTraceWriteQueue(TaskAppConfig config, TaskAppProperties properties,
			Environment environment, ResourceLoader resourceLoader) {
		TracingSettings settings = TracingSettings.resolve(properties.tracing(), environment);
		List<TraceBatchWriter> writers = new ArrayList<>();
		if (settings.storeEnabled()) {
			if (ClassUtils.isPresent(SQLITE_DRIVER, resourceLoader.getClassLoader())) {
				writers.add(new SqliteTraceWriter(settings.dbPath()));
				logger.info("Writing every rollout's trace to " + settings.dbPath().toAbsolutePath());
			}
			else {
				logger.warn("task-app.tracing.enabled is on but the SQLite driver (org.xerial:sqlite-jdbc) is not on"
						+ " the class path: rollout traces are not stored. Add the dependency to store them");
			}
		}
		if (settings.sftOutputDir() != null) {
			SftJsonlWriter sft = new SftJsonlWriter(settings.sftOutputDir(), config.appId());
			writers.add(sft);
			logger.info("Writing one SFT JSONL record per LM call to " + sft.file().toAbsolutePath());
		}
		return new TraceWriteQueue(writers, properties.tracing().queueCapacity(), properties.tracing().batchSize());
	}

	@Bean
	@ConditionalOnMissingBean
	RolloutTracing taskAppRolloutTracing(TaskAppConfig config, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<RolloutTraceSink> sinks, ObjectProvider<RolloutListener> listeners) {
		return new RolloutTracing(config.appId(), observations.getIfUnique(() -> ObservationRegistry.NOOP),
				sinks.getIfUnique(), listeners.getIfUnique());
	}

}
