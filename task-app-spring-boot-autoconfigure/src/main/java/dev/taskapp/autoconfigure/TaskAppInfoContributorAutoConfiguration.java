package dev.taskapp.autoconfigure;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.tunnel.TunnelManager;

import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the task app to {@code /actuator/info} when Actuator is present
 * ({@code management.info.task-app.enabled} turns it off).
 */
@AutoConfiguration(after = TaskAppTunnelAutoConfiguration.class)
@ConditionalOnClass({ InfoContributor.class, ConditionalOnEnabledInfoContributor.class })
@ConditionalOnBean(TunnelManager.class)
@ConditionalOnEnabledInfoContributor("task-app")
public final class TaskAppInfoContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "taskAppInfoContributor")
	TaskAppInfoContributor taskAppInfoContributor(TaskAppConfig config, TunnelManager manager) {
		return new TaskAppInfoContributor(config, manager);
	}

}
