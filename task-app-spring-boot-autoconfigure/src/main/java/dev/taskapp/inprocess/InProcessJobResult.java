package dev.taskapp.inprocess;

import dev.taskapp.client.PromptLearningJobResult;
import dev.taskapp.client.TaskAppHealth;
import org.jspecify.annotations.Nullable;

/**
 * What {@link InProcessJob#run()} did, shaped like the Synth SDK's {@code InProcessJobResult}.
 *
 * @param jobId the id of the submitted job
 * @param result how the job ended; {@code null} when the job was only submitted, not polled
 * @param taskAppUrl the URL the job was given to reach the task app
 * @param backendUrl the API base of the backend the job was submitted to
 * @param taskAppHealth the health check of the task app through that URL, before submission
 */
public record InProcessJobResult(String jobId, @Nullable PromptLearningJobResult result, String taskAppUrl,
		String backendUrl, TaskAppHealth taskAppHealth) {

	/**
	 * Returns whether the job was polled until it ended.
	 * @return whether a result is present
	 */
	public boolean polled() {
		return this.result != null;
	}

	/**
	 * Returns whether the job was polled and succeeded.
	 * @return whether it succeeded
	 */
	public boolean succeeded() {
		return this.result != null && this.result.succeeded();
	}

}
