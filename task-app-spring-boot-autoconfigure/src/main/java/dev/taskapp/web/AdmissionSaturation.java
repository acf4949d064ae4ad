package dev.taskapp.web;

/**
 * How full a task app's rollout admission is: the rollouts it runs now and the most it runs
 * at once. A bean of this type puts a {@code taskAppAdmission} health indicator beside the
 * tunnel's, which reports {@code OUT_OF_SERVICE} while the task app is saturated, so that a
 * readiness group that includes it steers new rollouts to other replicas.
 */
public interface AdmissionSaturation {

	/**
	 * Returns the number of rollouts running now.
	 * @return the rollouts in flight
	 */
	int inFlight();

	/**
	 * Returns the most rollouts that run at once.
	 * @return the limit, positive
	 */
	int limit();

	/**
	 * Returns whether a new rollout would be refused now.
	 * @return {@code true} when the rollouts in flight reach the limit
	 */
	default boolean saturated() {
		return inFlight() >= limit();
	}

}
