package dev.taskapp.autoconfigure;

import dev.taskapp.web.AdmissionSaturation;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the {@code taskAppAdmission} health indicator when Spring Boot's health support
 * is present, an {@link AdmissionSaturation} bean (the rollout routes' admission) says how full
 * the app is, and {@code management.health.task-app-admission.enabled=true} asks for it. It is
 * off by default because it takes the whole {@code /actuator/health} to {@code OUT_OF_SERVICE}
 * while saturated; include it in the readiness group only.
 */
@AutoConfiguration(after = TaskAppAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(AdmissionSaturation.class)
@ConditionalOnBooleanProperty("management.health.task-app-admission.enabled")
public final class TaskAppAdmissionHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "taskAppAdmissionHealthIndicator")
	TaskAppAdmissionHealthIndicator taskAppAdmissionHealthIndicator(AdmissionSaturation saturation) {
		return new TaskAppAdmissionHealthIndicator(saturation);
	}

}
