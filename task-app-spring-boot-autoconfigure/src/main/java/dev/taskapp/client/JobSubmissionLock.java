package dev.taskapp.client;

import org.jspecify.annotations.Nullable;

/**
 * Decides which replica of a deployment submits a job: the one that acquires the lock; the
 * others defer. The lock is held until {@link #release()} or until the replica's process ends.
 * <p>
 * A lock that replicas share ({@link #sharedByReplicas()}) also records the job its holder
 * submitted, so that the job belongs to the deployment rather than to one replica: a replica
 * that takes the lock after the holder stopped follows the recorded job instead of submitting
 * another. The record methods are only called by the holder.
 */
public interface JobSubmissionLock {

	/**
	 * Tries to acquire the lock for a job, without waiting.
	 * @param jobName the job's name, the same on every replica (such as its configuration)
	 * @return {@code true} if this replica holds the lock and submits the job; {@code false}
	 * if another replica holds it
	 */
	boolean tryAcquire(String jobName);

	/**
	 * Releases the lock, if held.
	 */
	void release();

	/**
	 * Returns whether the replicas of a deployment share this lock, so that the job outlives
	 * the replica that submitted it.
	 * @return {@code true} for a lock in a database the replicas share
	 */
	default boolean sharedByReplicas() {
		return false;
	}

	/**
	 * Returns the job a replica of the deployment submitted under this lock, if any.
	 * @param jobName the job's name
	 * @return the recorded job, or {@code null} if none was recorded
	 */
	default @Nullable RecordedJob recordedJob(String jobName) {
		return null;
	}

	/**
	 * Records the job this replica submitted while holding the lock.
	 * @param jobName the job's name
	 * @param jobId the id the backend gave the job
	 * @param taskAppUrl the task-app URL the job calls
	 */
	default void recordSubmitted(String jobName, String jobId, String taskAppUrl) {
	}

	/**
	 * Records that the job ended (finished, failed or was cancelled).
	 * @param jobName the job's name
	 * @param jobId the job's id
	 */
	default void recordEnded(String jobName, String jobId) {
	}

	/**
	 * Returns the lock of a replica that runs alone: always acquired, nothing recorded.
	 * @return the lock
	 */
	static JobSubmissionLock alone() {
		return new JobSubmissionLock() {

			@Override
			public boolean tryAcquire(String jobName) {
				return true;
			}

			@Override
			public void release() {
			}

		};
	}

	/**
	 * A job that a replica of the deployment submitted.
	 *
	 * @param jobId the id the backend gave the job
	 * @param taskAppUrl the task-app URL the job calls
	 * @param ended whether the job is known to have ended
	 */
	record RecordedJob(String jobId, String taskAppUrl, boolean ended) {

	}

}
