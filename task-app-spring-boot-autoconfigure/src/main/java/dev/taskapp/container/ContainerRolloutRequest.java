package dev.taskapp.container;

import java.util.Map;

import dev.taskapp.config.PolicyTarget;
import org.jspecify.annotations.Nullable;

/**
 * A container rollout request, validated and resolved: the parts the adapter uses, every
 * other field of the body ignored.
 *
 * @param rolloutId the caller's {@code rollout_id}, else a minted one
 * @param traceCorrelationId the caller's {@code trace_correlation_id}, else the rollout id
 * @param trialId the caller's {@code trial_id}, if any
 * @param async whether {@code submission_mode} is {@code async}
 * @param idempotencyKey the caller's {@code idempotency_key}, else the caller's rollout id;
 * {@code null} when the caller gave neither
 * @param policy the typed policy, {@link PolicyTarget#NONE} when the request has none
 * @param policyConfig the free-form {@code policy.config}
 * @param candidate the candidate, {@code candidate_overlay.candidate} applied over
 * {@code candidate}
 * @param task the task row the request names, empty when it names none
 * @param envConfig the free-form {@code env.config}
 */
record ContainerRolloutRequest(String rolloutId, String traceCorrelationId, @Nullable String trialId, boolean async,
		@Nullable String idempotencyKey, PolicyTarget policy, Map<String, Object> policyConfig,
		Map<String, String> candidate, Map<String, Object> task, Map<String, Object> envConfig) {

}
