package dev.taskapp.container;

import org.jspecify.annotations.Nullable;

/**
 * Where the records of container rollouts are kept: by rollout id, deduplicated by idempotency
 * key, and forgotten a retention period after they finish. The in-memory store serves one
 * replica; several replicas share a store of their own.
 */
public interface RolloutRecordStore {

	/**
	 * Stores a new record unless one with the same rollout id, or the same idempotency key,
	 * is already known.
	 * @param record the record
	 * @return {@code null} when the record was stored, else the known record
	 */
	@Nullable RolloutRecord putIfAbsent(RolloutRecord record);

	/**
	 * Replaces the record of a rollout, unless it is already {@code cancelled}: a terminated
	 * rollout stays terminated even when its handler finishes after all.
	 * @param record the new state of the record
	 */
	void update(RolloutRecord record);

	/**
	 * Returns the record of a rollout.
	 * @param rolloutId the rollout id
	 * @return the record, or {@code null} when it is unknown or has expired
	 */
	@Nullable RolloutRecord get(String rolloutId);

}
