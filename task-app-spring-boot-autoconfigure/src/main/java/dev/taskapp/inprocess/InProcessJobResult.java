package dev.taskapp.inprocess;

import dev.taskapp.client.PromptLearningJobResult;
import dev.taskapp.client.TaskAppHealth;
import dev.taskapp.client.optimizers.OptimizerRunStatus;
import org.jspecify.annotations.Nullable;

/**
 * What {@link InProcessJob#run()} did, shaped like the Synth SDK's {@code InProcessJobResult}.
 *
 * @param jobId the id of the submitted job, or of the hosted-optimizer run
 * @param result how the prompt-learning job ended; {@code null} when the job was only submitted,
 * not polled, or when a hosted-optimizer run was submitted instead
 * @param taskAppUrl the URL the job was given to reach the task app
 * @param backendUrl the backend the job was submitted to: the API base of the prompt-learning
 * API, or the base URL of the hosted-optimizer API
 * @param taskAppHealth the health check of the task app through that URL, before submission
 * @param optimizerRun the terminal status of the hosted-optimizer run, for an app that serves the
 * container contract; {@code null} otherwise, or when the run was only submitted
 */
public record InProcessJobResult(String jobId, @Nullable PromptLearningJobResult result, String taskAppUrl,
		String backendUrl, TaskAppHealth taskAppHealth, @Nullable OptimizerRunStatus optimizerRun) {

	/**
	 * Creates the result of a prompt-learning job.
	 * @param jobId the id of the submitted job
	 * @param result how the job ended, or {@code null} when it was not polled
	 * @param taskAppUrl the URL the job was given
	 * @param backendUrl the API base of the backend
	 * @param taskAppHealth the health check before submission
	 */
	public InProcessJobResult(String jobId, @Nullable PromptLearningJobResult result, String taskAppUrl,
			String backendUrl, TaskAppHealth taskAppHealth) {
		this(jobId, result, taskAppUrl, backendUrl, taskAppHealth, null);
	}

	static InProcessJobResult ofOptimizerRun(String runId, @Nullable OptimizerRunStatus status, String taskAppUrl,
			String backendUrl, TaskAppHealth taskAppHealth) {
		return new InProcessJobResult(runId, null, taskAppUrl, backendUrl, taskAppHealth, status);
	}

	/**
	 * Returns whether the job was polled until it ended.
	 * @return whether a result is present
	 */
	public boolean polled() {
		return this.result != null || this.optimizerRun != null;
	}

	/**
	 * Returns whether the job was polled and succeeded.
	 * @return whether it succeeded
	 */
	public boolean succeeded() {
		return (this.result != null && this.result.succeeded())
				|| (this.optimizerRun != null && this.optimizerRun.succeeded());
	}

}
