package dev.taskapp.container;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

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

	/**
	 * Returns which of the given rollouts are {@code cancelled}: a replica watches the rollouts
	 * it runs, so that one terminated through another replica is stopped.
	 * @param rolloutIds the rollout ids
	 * @return the ids of those whose record says {@code cancelled}
	 */
	default Set<String> cancelledAmong(Collection<String> rolloutIds) {
		Set<String> cancelled = new HashSet<>();
		for (String rolloutId : rolloutIds) {
			RolloutRecord record = get(rolloutId);
			if (record != null && record.status() == RolloutStatus.CANCELLED) {
				cancelled.add(rolloutId);
			}
		}
		return cancelled;
	}

	/**
	 * Returns whether other replicas read and write this store, so that a rollout this
	 * replica runs may be terminated through another.
	 * @return {@code false} unless the store is shared
	 */
	default boolean shared() {
		return false;
	}

}
