package dev.taskapp.autoconfigure;

import dev.taskapp.web.AdmissionSaturation;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the rollout admission: UP with the rollouts in flight and the limit, and
 * OUT_OF_SERVICE while the task app is saturated.
 */
class TaskAppAdmissionHealthIndicator extends AbstractHealthIndicator {

	private final AdmissionSaturation saturation;

	TaskAppAdmissionHealthIndicator(AdmissionSaturation saturation) {
		super("Task-app admission health check failed");
		this.saturation = saturation;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.status(this.saturation.saturated() ? Status.OUT_OF_SERVICE : Status.UP)
			.withDetail("inFlight", this.saturation.inFlight())
			.withDetail("limit", this.saturation.limit());
	}

}
