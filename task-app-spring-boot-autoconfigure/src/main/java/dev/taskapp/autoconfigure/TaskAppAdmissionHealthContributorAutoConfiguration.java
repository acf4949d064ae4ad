package dev.taskapp.autoconfigure;

import dev.taskapp.web.AdmissionSaturation;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the {@code taskAppAdmission} health indicator when Spring Boot's health support
 * is present and an {@link AdmissionSaturation} bean says how full the rollout admission is
 * ({@code management.health.task-app-admission.enabled} turns it off).
 */
@AutoConfiguration(after = TaskAppAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(AdmissionSaturation.class)
@ConditionalOnEnabledHealthIndicator("task-app-admission")
public final class TaskAppAdmissionHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "taskAppAdmissionHealthIndicator")
	TaskAppAdmissionHealthIndicator taskAppAdmissionHealthIndicator(AdmissionSaturation saturation) {
		return new TaskAppAdmissionHealthIndicator(saturation);
	}

}
