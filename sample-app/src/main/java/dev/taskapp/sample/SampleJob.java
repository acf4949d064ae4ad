package dev.taskapp.sample;

import reactor.core.publisher.Mono;

/**
 * One kind of optimisation job the {@link JobSubmitter} starts for the sample: a prompt-learning
 * job for the task-app contract, or a hosted-optimizer run for the container contract. Each
 * logs its own progress and result.
 */
interface SampleJob {

	/**
	 * Names the kind of job for log lines, such as {@code prompt-learning job}.
	 * @return the name
	 */
	String kind();

	/**
	 * Submits a job for the task app at the given URL.
	 * @param url the public URL of the task app
	 * @return the job id
	 */
	Mono<String> submit(String url);

	/**
	 * Waits for a job to end, logging its progress and result.
	 * @param id the job id
	 * @return completes when the job ended
	 */
	Mono<Void> await(String id);

	/**
	 * Asks the backend to cancel a job.
	 * @param id the job id
	 * @param reason why, for the backend where it takes one
	 * @return completes once the backend answered
	 */
	Mono<Void> cancel(String id, String reason);

}
