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
import dev.taskapp.client.optimizers.HostedOptimizerClient;
import dev.taskapp.client.optimizers.OptimizerRun;
import dev.taskapp.client.optimizers.OptimizerRunRequest;
import dev.taskapp.client.optimizers.OptimizerRunStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs one prompt-learning job against a task app started for it, in one call: the JVM
 * counterpart of the Synth SDK's {@code run_in_process_job}. It starts the
 * {@link InProcessTaskApp}, checks it through its public URL as the SDK does before it
 * submits, submits the job with that URL, the task-app API key and the SynthTunnel worker
 * token, polls it until it ends, and closes the task app whatever happened.
 * <p>
 * Which API the job goes to follows the contract the started app serves, its
 * {@code task-app.contract} property: {@code task-app} (the default) submits to the
 * prompt-learning API with {@link Builder#jobClient(PromptLearningJobClient)} and
 * {@link Builder#jobConfig(PromptLearningJobConfig)}; {@code container} submits a run to the
 * hosted-optimizer API with {@link Builder#optimizerClient(HostedOptimizerClient)} and
 * {@link Builder#optimizerRun(OptimizerRunRequest)}, whose container is the app's URL, reached
 * with its API key as {@code Authorization: Bearer}, or through its SynthTunnel lease.
 * <p>
 * A job that has not ended when the run stops waiting for it (a timeout, a poll that failed
 * for good, an interrupted thread), or when the JVM shuts down meanwhile, is cancelled before
 * the task app closes (when the JVM shuts down, as soon as the app's context starts closing):
 * otherwise it would go on calling a URL that is gone. Only a job submitted
 * with {@link Builder#poll(boolean) poll(false)} is left running.
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

	/** The property that names the contract the task app serves. */
	public static final String CONTRACT_PROPERTY = "task-app.contract";

	/** The {@value #CONTRACT_PROPERTY} of an app served as a Synth container. */
	public static final String CONTAINER_CONTRACT = "container";

	/** Longest wait for the backend to answer a cancellation. */
	static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(InProcessJob.class);

	private final InProcessTaskApp.Builder taskApp;

	private final @Nullable PromptLearningJobClient jobClient;

	private final @Nullable PromptLearningJobConfig jobConfig;

	private final @Nullable HostedOptimizerClient optimizerClient;

	private final @Nullable OptimizerRunRequest optimizerRun;

	private final boolean poll;

	private final Duration pollInterval;

	private final Duration timeout;

	private final Duration healthCheckTimeout;

	private final @Nullable Consumer<PromptLearningJobStatus> onStatus;

	private final @Nullable Consumer<OptimizerRunStatus> onRunStatus;

	private InProcessJob(Builder builder, InProcessTaskApp.Builder taskApp) {
		this.taskApp = taskApp;
		this.jobClient = builder.jobClient;
		this.jobConfig = builder.jobConfig;
		this.optimizerClient = builder.optimizerClient;
		this.optimizerRun = builder.optimizerRun;
		this.onRunStatus = builder.onRunStatus;
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
	 * @throws IllegalStateException if the task app failed its health check, or no client was
	 * given for the contract it serves
	 * @throws PromptLearningJobException if the backend refused the job, a poll failed for
	 * good, or the job did not end within the timeout (task-app contract)
	 * @throws dev.taskapp.client.optimizers.HostedOptimizerException likewise for a run of the
	 * hosted-optimizer API (container contract)
	 */
	public InProcessJobResult run() {
		try (InProcessTaskApp app = this.taskApp.start()) {
			String url = app.url();
			boolean container = servesContainer(app);
			requireClientFor(container);
			TaskAppHealth health = checkHealth(app, url, container);
			return container ? runOptimizer(app, url, health) : runPromptLearning(app, url, health);
		}
	}

	private static boolean servesContainer(InProcessTaskApp app) {
		String contract = app.applicationContext().getEnvironment().getProperty(CONTRACT_PROPERTY, "task-app");
		return CONTAINER_CONTRACT.equalsIgnoreCase(contract.strip());
	}

	private void requireClientFor(boolean container) {
		if (container && (this.optimizerClient == null || this.optimizerRun == null)) {
			throw new IllegalStateException("The task app serves the container contract (" + CONTRACT_PROPERTY
					+ "=container): set optimizerClient(...) and optimizerRun(...) to submit a hosted-optimizer run");
		}
		if (!container && (this.jobClient == null || this.jobConfig == null)) {
			throw new IllegalStateException("The task app serves the task-app contract: set jobClient(...) and"
					+ " jobConfig(...), or start it with " + CONTRACT_PROPERTY + "=container");
		}
	}

	private InProcessJobResult runPromptLearning(InProcessTaskApp app, String url, TaskAppHealth health) {
		PromptLearningJobClient client = Objects.requireNonNull(this.jobClient);
		PromptLearningJobConfig config = Objects.requireNonNull(this.jobConfig)
			.withTaskAppUrl(url)
			.withTaskAppApiKey(app.apiKey())
			.withTaskAppWorkerToken(app.workerToken());
		String jobId = Objects.requireNonNull(client.submit(config).block(), "job id");
		logger.info("Submitted prompt-learning job " + jobId + " for the task app at " + url);
		try (JobCancellation cancellation = new JobCancellation("prompt-learning job " + jobId,
				() -> client.cancel(jobId, "the in-process task app is stopping"), CANCEL_TIMEOUT)
			.whenClosing(app.applicationContext())) {
			if (!this.poll) {
				cancellation.settle();
				return new InProcessJobResult(jobId, null, url, client.getApiBase(), health);
			}
			PromptLearningJobResult result = CallerThreadProgress.await(
					(progress) -> client.awaitCompletion(jobId, this.pollInterval, this.timeout, progress),
					this::reportStatus);
			cancellation.settle();
			return new InProcessJobResult(jobId, result, url, client.getApiBase(), health);
		}
	}

	private InProcessJobResult runOptimizer(InProcessTaskApp app, String url, TaskAppHealth health) {
		HostedOptimizerClient client = Objects.requireNonNull(this.optimizerClient);
		OptimizerRunRequest request = containerRequest(Objects.requireNonNull(this.optimizerRun), app, url);
		OptimizerRun run = Objects.requireNonNull(client.submit(request).block(), "run");
		String runId = run.runId();
		logger.info("Submitted " + request.algorithm() + " optimizer run " + runId + " for the container at " + url);
		try (JobCancellation cancellation = new JobCancellation("optimizer run " + runId, () -> client.cancel(runId),
				CANCEL_TIMEOUT)
			.whenClosing(app.applicationContext())) {
			if (!this.poll) {
				cancellation.settle();
				return InProcessJobResult.ofOptimizerRun(runId, null, url, client.getBaseUrl(), health);
			}
			OptimizerRunStatus end = CallerThreadProgress.await(
					(progress) -> client.awaitCompletion(runId, this.pollInterval, this.timeout, progress),
					this::reportRunStatus);
			cancellation.settle();
			return InProcessJobResult.ofOptimizerRun(runId, end, url, client.getBaseUrl(), health);
		}
	}

	/**
	 * Points a run at the started container: its URL, and its SynthTunnel lease when it is
	 * reached through one (the tunnel strips credentials, the backend refreshes the worker
	 * token), else its API key as {@code Authorization: Bearer}.
	 */
	static OptimizerRunRequest containerRequest(OptimizerRunRequest request, InProcessTaskApp app, String url) {
		OptimizerRunRequest pointed = request.withContainerUrl(url);
		String leaseId = app.taskAppUrl().tunnelLeaseId();
		return (leaseId != null) ? pointed.withSynthTunnelLease(leaseId)
				: pointed.withContainerHeader("Authorization", "Bearer " + app.apiKey());
	}

	private TaskAppHealth checkHealth(InProcessTaskApp app, String url, boolean container) {
		List<String> keys = app.taskAppUrl().apiKeys();
		TaskAppClient client = TaskAppClient.builder(url)
			.apiKey(keys.get(0))
			.apiKeyAliases(keys.subList(1, keys.size()))
			.workerToken(app.workerToken())
			.build();
		TaskAppHealth health = (container ? client.containerHealth() : client.health()).block(this.healthCheckTimeout);
		if (health == null || !health.ok()) {
			throw new IllegalStateException("Task app health check failed for " + url + ": "
					+ ((health != null) ? health.detail() : "no answer"));
		}
		return health;
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

	private void reportRunStatus(OptimizerRunStatus status) {
		if (this.onRunStatus == null) {
			return;
		}
		try {
			this.onRunStatus.accept(status);
		}
		catch (RuntimeException ex) {
			logger.warn("The onRunStatus callback of optimizer run " + status.runId() + " failed", ex);
		}
	}

	/**
	 * Builds an {@link InProcessJob}. The task app is required, with the job client and the job
	 * configuration for an app that serves the task-app contract, or the optimizer client and
	 * run for one that serves the container contract (or both pairs). Not thread-safe.
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

		private @Nullable HostedOptimizerClient optimizerClient;

		private @Nullable OptimizerRunRequest optimizerRun;

		private @Nullable Consumer<OptimizerRunStatus> onRunStatus;

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
		 * Sets the client of the hosted-optimizer API a run is submitted to when the task app
		 * serves the container contract.
		 * @param optimizerClient the client
		 * @return this builder
		 */
		public Builder optimizerClient(HostedOptimizerClient optimizerClient) {
			this.optimizerClient = Objects.requireNonNull(optimizerClient, "optimizerClient must not be null");
			return this;
		}

		/**
		 * Sets the run submitted when the task app serves the container contract, such as a
		 * GEPA v2 TOML; its container URL is set to the started app's, and its credentials to
		 * the app's SynthTunnel lease or API key.
		 * @param optimizerRun the run
		 * @return this builder
		 */
		public Builder optimizerRun(OptimizerRunRequest optimizerRun) {
			this.optimizerRun = Objects.requireNonNull(optimizerRun, "optimizerRun must not be null");
			return this;
		}

		/**
		 * Sets what to do with every status of a hosted-optimizer run the poll reads, in order,
		 * on the thread that called {@link #run()}. A callback that throws is logged; polling
		 * goes on.
		 * @param onRunStatus the callback
		 * @return this builder
		 */
		public Builder onRunStatus(Consumer<OptimizerRunStatus> onRunStatus) {
			this.onRunStatus = Objects.requireNonNull(onRunStatus, "onRunStatus must not be null");
			return this;
		}

		/**
		 * Sets whether the job is polled until it ends. Default {@code true}; without it the
		 * task app is closed right after the submission and the job is left running, so only a
		 * job that runs against another copy of the task app should skip polling.
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
		 * @throws IllegalStateException if the task app is missing, or neither the job client
		 * and configuration nor the optimizer client and run are complete
		 * @throws IllegalArgumentException if the task-app options are invalid
		 */
		public InProcessJob build() {
			boolean promptLearning = this.jobClient != null && this.jobConfig != null;
			boolean optimizer = this.optimizerClient != null && this.optimizerRun != null;
			if (this.taskApp == null || (!promptLearning && !optimizer)) {
				boolean optimizerParts = this.optimizerClient != null || this.optimizerRun != null;
				throw new IllegalStateException(optimizerParts
						? "An in-process job needs taskApp(...), optimizerClient(...) and optimizerRun(...)"
						: "An in-process job needs taskApp(...), jobClient(...) and jobConfig(...)");
			}
			this.taskApp.build();
			return new InProcessJob(this, this.taskApp);
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
