package dev.taskapp.config;

import dev.taskapp.contract.RolloutResponse;

/**
 * Runs one rollout with blocking code. The starter calls it off the event loop, on Reactor's
 * bounded elastic scheduler, so it may block on I/O.
 *
 * @see RolloutHandler
 */
@FunctionalInterface
public interface BlockingRolloutHandler {

	/**
	 * Runs the rollout.
	 * @param context the request and what the starter derived from it
	 * @return the response
	 * @throws Exception if the rollout fails
	 */
	RolloutResponse rollout(RolloutContext context) throws Exception;

}
