package dev.taskapp.autoconfigure;

import dev.taskapp.tunnel.TunnelManager;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the {@code taskAppTunnel} health indicator when Spring Boot's health support is
 * present ({@code management.health.task-app-tunnel.enabled} turns it off).
 */
@AutoConfiguration(after = TaskAppTunnelAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(TunnelManager.class)
@ConditionalOnEnabledHealthIndicator("task-app-tunnel")
public final class TaskAppTunnelHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "taskAppTunnelHealthIndicator")
	TaskAppTunnelHealthIndicator taskAppTunnelHealthIndicator(TunnelManager manager) {
		return new TaskAppTunnelHealthIndicator(manager);
	}

}
