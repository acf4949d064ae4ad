package dev.taskapp.client;

/**
 * Decides which replica of a deployment submits a job: the one that acquires the lock; the
 * others defer. The lock is held until {@link #release()} or until the replica's process ends.
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
	 * Returns the lock of a replica that runs alone: always acquired.
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

}
