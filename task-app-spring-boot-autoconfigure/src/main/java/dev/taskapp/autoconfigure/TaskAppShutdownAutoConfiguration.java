package dev.taskapp.autoconfigure;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.web.ShutdownDrain;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link ShutdownDrain} that keeps a stopping task app serving for
 * {@code task-app.shutdown.drain-delay} after its readiness dropped.
 */
@AutoConfiguration(after = TaskAppAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean(TaskAppConfig.class)
@EnableConfigurationProperties(TaskAppShutdownProperties.class)
public final class TaskAppShutdownAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ShutdownDrain taskAppShutdownDrain(TaskAppShutdownProperties properties) {
		return new ShutdownDrain(properties.drainDelay());
	}

}
