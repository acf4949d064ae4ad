package dev.taskapp.console;

import dev.taskapp.web.RolloutAdmission;

/**
 * The load figures the console shows beside the rollout log: rollouts in flight, rollouts
 * refused by admission control, and the in-flight limit. Declare a bean of this type to show
 * an admission controller's own figures.
 */
public interface RolloutLoad {

	/**
	 * Returns the number of rollouts being handled now.
	 * @return the rollouts in flight
	 */
	int inFlight();

	/**
	 * Returns the number of rollouts refused since start-up because the app was full.
	 * @return the rejected rollouts
	 */
	long rejected();

	/**
	 * Returns the most rollouts handled at once.
	 * @return the limit, or a negative number when there is none
	 */
	int limit();

	/**
	 * Returns the figures of an admission controller.
	 * @param admission the admission controller of the rollout routes
	 * @return its load
	 */
	static RolloutLoad of(RolloutAdmission admission) {
		return new RolloutLoad() {

			@Override
			public int inFlight() {
				return admission.inFlight();
			}

			@Override
			public long rejected() {
				return admission.rejected();
			}

			@Override
			public int limit() {
				return admission.limit();
			}

		};
	}

}
