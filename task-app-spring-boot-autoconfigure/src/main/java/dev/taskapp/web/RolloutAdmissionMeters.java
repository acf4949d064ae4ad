package dev.taskapp.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meters of a {@link RolloutAdmission}: the gauge {@value #LIMIT} (rollouts admitted at
 * once) and the counter {@value #REJECTED} (rollouts refused with 503 since start).
 */
public final class RolloutAdmissionMeters implements MeterBinder {

	/** Name of the limit gauge. */
	public static final String LIMIT = "task.app.rollout.limit";

	/** Name of the refusal counter. */
	public static final String REJECTED = "task.app.rollout.rejected";

	private final RolloutAdmission admission;

	/**
	 * Creates the meters of an admission.
	 * @param admission the admission
	 */
	public RolloutAdmissionMeters(RolloutAdmission admission) {
		this.admission = admission;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(LIMIT, this.admission, RolloutAdmission::limit)
			.description("Most rollouts admitted at once (task-app.rollout.max-in-flight)")
			.register(registry);
		FunctionCounter.builder(REJECTED, this.admission, RolloutAdmission::rejected)
			.description("Rollouts refused with 503 because the limit was reached")
			.register(registry);
	}

}
