package dev.taskapp.config;

import dev.taskapp.contract.RolloutResponse;
import reactor.core.publisher.Mono;

/**
 * Runs one rollout without blocking: typically renders the prompt, calls the model at
 * {@link RolloutContext#chatCompletionsUrl()} and scores the answer.
 * <p>
 * Throw or signal a {@link TaskAppHttpException} to answer with a specific status (for example
 * {@link TaskAppHttpException#upstream(String)} when the model call failed); any other error
 * is answered with a 500 whose body names no internals.
 *
 * @see BlockingRolloutHandler
 */
@FunctionalInterface
public interface RolloutHandler {

	/**
	 * Runs the rollout.
	 * @param context the request and what the starter derived from it
	 * @return the response
	 */
	Mono<RolloutResponse> rollout(RolloutContext context);

}
