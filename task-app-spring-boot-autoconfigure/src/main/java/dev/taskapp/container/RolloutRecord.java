package dev.taskapp.container;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What is kept of a container rollout so that it can be polled, fetched and deduplicated.
 *
 * @param rolloutId the rollout id
 * @param idempotencyKey the key a repeated submission is recognised by, or {@code null}
 * @param status the state
 * @param updatedAt when the record last changed; a finished record expires a retention period
 * after it
 * @param body the rollout response as the contract words it (a JSON object)
 */
public record RolloutRecord(String rolloutId, @Nullable String idempotencyKey, RolloutStatus status,
		Instant updatedAt, Map<String, Object> body) {

	/**
	 * Creates a record.
	 */
	public RolloutRecord {
		body = Map.copyOf(body);
	}

}
