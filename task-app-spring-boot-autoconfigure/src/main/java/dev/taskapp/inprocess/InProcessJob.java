package dev.taskapp.inprocess;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.taskapp.client.PromptLearningJobClient;
import dev.taskapp.client.PromptLearningJobConfig;
import dev.taskapp.client.PromptLearningJobException;
import dev.taskapp.client.PromptLearningJobResult;
import dev.taskapp.client.PromptLearningJobStatus;
import dev.taskapp.client.TaskAppClient;
import dev.taskapp.client.TaskAppHealth;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs one prompt-learning job against a task app started for it, in one call: the JVM
 * counterpart of the Synth SDK's {@code run_in_process_job}. It starts the
 * {@link InProcessTaskApp}, checks it through its public URL as the SDK does before it
 * submits, submits the job with that URL, the task-app API key and the SynthTunnel worker
 * token, polls it until it ends, and closes the task app whatever happened.
 *
 * <pre class="code">
 * InProcessJobResult outcome = InProcessJob.builder()
 *     .taskApp(InProcessTaskApp.builder().config(taskAppConfig).tunnelMode(TunnelMode.SYNTHTUNNEL))
 *     .jobClient(PromptLearningJobClient.builder(backendUrl).apiKey(synthApiKey).build())
 *     .jobConfig(PromptLearningJobConfig.load(Path.of("banking77-gepa.toml")))
 *     .onStatus((status) -&gt; log.info(status.state() + " best=" + status.bestScore()))
 *     .run();
 * </pre>
 */
public final class InProcessJob {

	/** Longest wait for the health check of the task app, its retries included. */
	public static final Duration DEFAULT_HEALTH_CHECK_TIMEOUT = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(InProcessJob.class);

	private final InProcessTaskApp.Builder taskApp;

	private final PromptLearningJobClient jobClient;

	private final PromptLearningJobConfig jobConfig;

	private final boolean poll;

	private final Duration pollInterval;

	private final Duration timeout;

	private final Duration healthCheckTimeout;

	private final @Nullable Consumer<PromptLearningJobStatus> onStatus;

	private InProcessJob(Builder builder, InProcessTaskApp.Builder taskApp, PromptLearningJobClient jobClient,
			PromptLearningJobConfig jobConfig) {
		this.taskApp = taskApp;
		this.jobClient = jobClient;
		this.jobConfig = jobConfig;
		this.poll = builder.poll;
		this.pollInterval = builder.pollInterval;
		this.timeout = builder.timeout;
		this.healthCheckTimeout = builder.healthCheckTimeout;
		this.onStatus = builder.onStatus;
	}

	/**
	 * Returns a builder of a job run.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts the task app, checks it, submits the job, polls it unless polling is off, and
	 * closes the task app.
	 * @return what happened; a job that failed or was cancelled is a result, not an error
	 * @throws IllegalArgumentException if the task-app options are invalid
	 * @throws TaskAppStartException if the task app could not be started or made reachable
	 * @throws IllegalStateException if the task app failed its health check
	 * @throws PromptLearningJobException if the backend refused the job, a poll failed for
	 * good, or the job did not end within the timeout
	 */
	public InProcessJobResult run() {
		try (InProcessTaskApp app = this.taskApp.start()) {
			String url = app.url();
			TaskAppHealth health = checkHealth(app, url);
			PromptLearningJobConfig config = this.jobConfig.withTaskAppUrl(url)
				.withTaskAppApiKey(app.apiKey())
				.withTaskAppWorkerToken(app.workerToken());
			String jobId = Objects.requireNonNull(this.jobClient.submit(config).block(), "job id");
			logger.info("Submitted prompt-learning job " + jobId + " for the task app at " + url);
			PromptLearningJobResult result = this.poll ? awaitCompletion(jobId) : null;
			return new InProcessJobResult(jobId, result, url, this.jobClient.getApiBase(), health);
		}
	}

	private TaskAppHealth checkHealth(InProcessTaskApp app, String url) {
		List<String> keys = app.taskAppUrl().apiKeys();
		TaskAppClient client = TaskAppClient.builder(url)
			.apiKey(keys.get(0))
			.apiKeyAliases(keys.subList(1, keys.size()))
			.workerToken(app.workerToken())
			.build();
		TaskAppHealth health = client.health().block(this.healthCheckTimeout);
		if (health == null || !health.ok()) {
			throw new IllegalStateException("Task app health check failed for " + url + ": "
					+ ((health != null) ? health.detail() : "no answer"));
		}
		return health;
	}

	private PromptLearningJobResult awaitCompletion(String jobId) {
		return CallerThreadProgress.await(
				(progress) -> this.jobClient.awaitCompletion(jobId, this.pollInterval, this.timeout, progress),
				this::reportStatus);
	}

	private void reportStatus(PromptLearningJobStatus status) {
		if (this.onStatus == null) {
			return;
		}
		try {
			this.onStatus.accept(status);
		}
		catch (RuntimeException ex) {
			logger.warn("The onStatus callback of prompt-learning job " + status.jobId() + " failed", ex);
		}
	}

	/**
	 * Builds an {@link InProcessJob}. The task app, the job client and the job configuration
	 * are required. Not thread-safe.
	 */
	public static final class Builder {

		private InProcessTaskApp.@Nullable Builder taskApp;

		private @Nullable PromptLearningJobClient jobClient;

		private @Nullable PromptLearningJobConfig jobConfig;

		private boolean poll = true;

		private Duration pollInterval = PromptLearningJobClient.DEFAULT_POLL_INTERVAL;

		private Duration timeout = PromptLearningJobClient.DEFAULT_COMPLETION_TIMEOUT;

		private Duration healthCheckTimeout = DEFAULT_HEALTH_CHECK_TIMEOUT;

		private @Nullable Consumer<PromptLearningJobStatus> onStatus;

		private Builder() {
		}

		/**
		 * Sets the task app to start for the job; its options are checked by
		 * {@link #build()}.
		 * @param taskApp the builder of the task app
		 * @return this builder
		 */
		public Builder taskApp(InProcessTaskApp.Builder taskApp) {
			this.taskApp = Objects.requireNonNull(taskApp, "taskApp must not be null");
			return this;
		}

		/**
		 * Sets the client of the Synth backend the job is submitted to.
		 * @param jobClient the client
		 * @return this builder
		 */
		public Builder jobClient(PromptLearningJobClient jobClient) {
			this.jobClient = Objects.requireNonNull(jobClient, "jobClient must not be null");
			return this;
		}

		/**
		 * Sets the job configuration; its task-app URL, API key and worker token are set to
		 * the started task app's.
		 * @param jobConfig the configuration
		 * @return this builder
		 */
		public Builder jobConfig(PromptLearningJobConfig jobConfig) {
			this.jobConfig = Objects.requireNonNull(jobConfig, "jobConfig must not be null");
			return this;
		}

		/**
		 * Sets whether the job is polled until it ends. Default {@code true}; without it the
		 * task app is closed right after the submission, so only a job that runs against
		 * another copy of the task app should skip polling.
		 * @param poll whether to poll
		 * @return this builder
		 */
		public Builder poll(boolean poll) {
			this.poll = poll;
			return this;
		}

		/**
		 * Sets the time between two polls. Default 5 s.
		 * @param pollInterval the interval, positive
		 * @return this builder
		 */
		public Builder pollInterval(Duration pollInterval) {
			this.pollInterval = positive(pollInterval, "pollInterval");
			return this;
		}

		/**
		 * Sets the longest wait for the job to end. Default 1 h.
		 * @param timeout the timeout, positive
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = positive(timeout, "timeout");
			return this;
		}

		/**
		 * Sets the longest wait for the task app's health check through its public URL,
		 * retries included. Default 1 min.
		 * @param healthCheckTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder healthCheckTimeout(Duration healthCheckTimeout) {
			this.healthCheckTimeout = positive(healthCheckTimeout, "healthCheckTimeout");
			return this;
		}

		/**
		 * Sets what to do with every status the poll reads, in order. It runs on the thread
		 * that called {@link #run()}, so it may block. A callback that throws is logged; polling
		 * goes on.
		 * @param onStatus the callback
		 * @return this builder
		 */
		public Builder onStatus(Consumer<PromptLearningJobStatus> onStatus) {
			this.onStatus = Objects.requireNonNull(onStatus, "onStatus must not be null");
			return this;
		}

		/**
		 * Checks the settings and builds the job run.
		 * @return the job run
		 * @throws IllegalStateException if the task app, the job client or the job
		 * configuration is missing
		 * @throws IllegalArgumentException if the task-app options are invalid
		 */
		public InProcessJob build() {
			if (this.taskApp == null || this.jobClient == null || this.jobConfig == null) {
				throw new IllegalStateException("An in-process job needs taskApp(...), jobClient(...) and"
						+ " jobConfig(...)");
			}
			this.taskApp.build();
			return new InProcessJob(this, this.taskApp, this.jobClient, this.jobConfig);
		}

		/**
		 * Builds the job run and runs it; see {@link InProcessJob#run()}.
		 * @return what happened
		 */
		public InProcessJobResult run() {
			return build().run();
		}

		private static Duration positive(Duration duration, String name) {
			if (duration.isZero() || duration.isNegative()) {
				throw new IllegalArgumentException(name + " must be positive, got " + duration);
			}
			return duration;
		}

	}

}
