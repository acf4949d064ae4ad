package dev.taskapp.sample;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskapp.client.JobSubmissionLock;
import dev.taskapp.client.JobSubmissionLock.RecordedJob;
import dev.taskapp.client.PromptLearningJobResult;
import dev.taskapp.client.optimizers.OptimizerRunStatus;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrlChangedEvent;
import dev.taskapp.tunnel.TaskAppUrlReadyEvent;
import dev.taskapp.tunnel.TunnelMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ResourceLoader;

/**
 * Submits the sample's optimisation job to the Synth backend once the task app's public URL is
 * ready, and reports its progress until it finishes. An app that serves the task-app contract
 * gets a prompt-learning job ({@code sample.job.config}); one started with
 * {@code task-app.contract=container} gets a GEPA v2 run of the hosted-optimizer API
 * ({@code sample.job.container-config}).
 * <p>
 * The job never outlives its use: when the application shuts down, a job that has not ended is
 * cancelled; when the task app's URL changes ({@link TaskAppUrlChangedEvent}), the job can no
 * longer reach it, so it is cancelled, and resubmitted for the new URL when
 * {@code sample.job.on-url-change} is {@code resubmit}.
 * <p>
 * Replicas of one deployment (one URL, a shared database: {@code task-app.tracing.url}) submit
 * one job between them: the replica that takes the {@link JobSubmissionLock} submits it and
 * records it; the others defer, and try the lock again every
 * {@code sample.job.lock-retry-interval}. The job then belongs to the deployment: a stopping
 * replica leaves it running for the others, and a replica that takes the lock later (a
 * deferring one, or one started afterwards) follows the recorded job instead of submitting
 * another. A recorded job that ended is not submitted again.
 * <p>
 * Without a Synth API key it submits nothing and logs one line saying how to enable it.
 * Runs once per application, without blocking.
 */
public final class JobSubmitter implements ApplicationListener<TaskAppUrlReadyEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(JobSubmitter.class);

	/** Longest wait for the backend to answer a cancellation at shutdown. */
	static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

	private final TaskAppUrl taskAppUrl;

	private final SampleProperties.Job settings;

	private final @Nullable String apiKey;

	private final String backendUrl;

	private final @Nullable SampleJob job;

	private final boolean container;

	private final AtomicBoolean started = new AtomicBoolean();

	private volatile boolean stopping;

	/** Whether the last attempt to take the job lock failed to reach it. */
	private final AtomicBoolean lockUnreachable = new AtomicBoolean();

	private final AtomicReference<@Nullable String> activeJobId = new AtomicReference<>();

	private volatile @Nullable Disposable running;

	private volatile JobSubmissionLock lock = JobSubmissionLock.alone();

	/**
	 * Creates the submitter of a prompt-learning job, for an app that serves the task-app
	 * contract.
	 * @param taskAppUrl where the task app is reachable, and its credentials
	 * @param settings the job settings
	 * @param apiKey the Synth API key, or {@code null} to submit nothing
	 * @param backendUrl the Synth backend
	 * @param resourceLoader the loader of the job configuration
	 */
	public JobSubmitter(TaskAppUrl taskAppUrl, SampleProperties.Job settings, @Nullable String apiKey,
			String backendUrl, ResourceLoader resourceLoader) {
		this(taskAppUrl, settings, apiKey, backendUrl, resourceLoader, false);
	}

	/**
	 * Creates the submitter.
	 * @param taskAppUrl where the task app is reachable, and its credentials
	 * @param settings the job settings
	 * @param apiKey the Synth API key, or {@code null} to submit nothing
	 * @param backendUrl the Synth backend
	 * @param resourceLoader the loader of the job configuration
	 * @param container whether the app serves the container contract
	 */
	public JobSubmitter(TaskAppUrl taskAppUrl, SampleProperties.Job settings, @Nullable String apiKey,
			String backendUrl, ResourceLoader resourceLoader, boolean container) {
		this.taskAppUrl = taskAppUrl;
		this.settings = settings;
		this.apiKey = (apiKey != null && !apiKey.isBlank()) ? apiKey.strip() : null;
		this.backendUrl = backendUrl;
		this.container = container;
		if (this.apiKey == null) {
			this.job = null;
		}
		else if (container) {
			this.job = new HostedOptimizerSampleJob(taskAppUrl, settings, this.apiKey, backendUrl, resourceLoader);
		}
		else {
			this.job = new PromptLearningSampleJob(taskAppUrl, settings, this.apiKey, backendUrl, resourceLoader);
		}
	}

	@Override
	public void onApplicationEvent(TaskAppUrlReadyEvent event) {
		if (!this.started.compareAndSet(false, true)) {
			return;
		}
		if (this.job == null) {
			logger.info("No " + (this.container ? "optimizer run" : "prompt-learning job")
					+ " submitted: set SYNTH_API_KEY (and SYNTH_BACKEND_URL for another backend than " + this.backendUrl
					+ ") to optimise this task app's prompt with "
					+ (this.container ? this.settings.containerConfig() : this.settings.config())
					+ "; sample.job.enabled=false silences this line");
			return;
		}
		String name = jobName();
		String url = event.getUrl();
		if (tryAcquire(name)) {
			this.running = subscribe(takeJob(name, url));
			return;
		}
		if (!this.lockUnreachable.get()) {
			logger.info("Another replica of this deployment submits the " + this.job.kind() + " " + name
					+ "; this one defers and tries the job lock again every "
					+ DurationStyle.SIMPLE.print(this.settings.lockRetryInterval())
					+ ", to take the job over if that replica stops");
		}
		retryLock(name, url);
	}

	/**
	 * Tries the job lock again every {@code sample.job.lock-retry-interval} until this replica
	 * holds it, then takes the job over. Stopped when the application shuts down.
	 */
	private void retryLock(String name, String url) {
		this.running = subscribe(Flux.interval(this.settings.lockRetryInterval(), Schedulers.boundedElastic())
			.filter((tick) -> tryAcquire(name))
			.next()
			.doOnNext((tick) -> logger.info("This replica now holds the job lock of " + name))
			.flatMap((tick) -> takeJob(name, url)));
	}

	/**
	 * Tries the job lock once. A lock that cannot be reached (its database is down) is logged
	 * once, until it can be reached again.
	 * @return whether this replica holds the lock
	 */
	private boolean tryAcquire(String name) {
		try {
			boolean acquired = this.lock.tryAcquire(name);
			this.lockUnreachable.set(false);
			return acquired;
		}
		catch (RuntimeException ex) {
			if (this.lockUnreachable.compareAndSet(false, true)) {
				logger.warn("Could not try the job lock of " + name + " (" + ex.getMessage() + "); trying again every "
						+ DurationStyle.SIMPLE.print(this.settings.lockRetryInterval()));
			}
			return false;
		}
	}

	/**
	 * With the job lock held: follows the job a replica of the deployment recorded for this URL,
	 * or submits one if none was; a recorded job that ended is not submitted again.
	 * @return completes when the job taken ended
	 */
	private Mono<Void> takeJob(String name, String url) {
		SampleJob job = Objects.requireNonNull(this.job);
		return Mono.defer(() -> {
			if (this.stopping) {
				return Mono.empty();
			}
			RecordedJob recorded;
			try {
				recorded = this.lock.recordedJob(name);
			}
			catch (RuntimeException ex) {
				logger.warn("No " + job.kind() + " submitted: " + ex.getMessage());
				return Mono.empty();
			}
			if (recorded == null || !recorded.taskAppUrl().equals(url)) {
				return submitAndAwait(url);
			}
			if (!recorded.ended()) {
				logger.info("Following " + job.kind() + " " + recorded.jobId() + ", which a replica of this deployment"
						+ " submitted for " + url);
				this.activeJobId.set(recorded.jobId());
				return awaitEnd(job, recorded.jobId());
			}
			logger.info("The " + job.kind() + " " + recorded.jobId() + " of this deployment (" + name + " for " + url
					+ ") has ended; no other is submitted. Delete its row from task_app_job_records to submit"
					+ " another");
			return Mono.empty();
		});
	}

	/**
	 * Follows the job, or what leads to it, in the background, until the application stops.
	 */
	private Disposable subscribe(Publisher<?> job) {
		return Flux.from(job).subscribe(null,
				(ex) -> logger.warn("The " + Objects.requireNonNull(this.job).kind() + " failed: " + ex.getMessage()));
	}

	private String jobName() {
		return String.valueOf(this.container ? this.settings.containerConfig() : this.settings.config());
	}

	/**
	 * Sets the lock that lets one replica of a deployment submit the job.
	 * @param lock the lock
	 */
	void useLock(JobSubmissionLock lock) {
		this.lock = lock;
	}

	/**
	 * Reacts to a changed task-app URL: a job submitted for the old URL cannot reach the app any
	 * more, so it is cancelled, and resubmitted for the new URL when
	 * {@code sample.job.on-url-change} is {@code resubmit}.
	 * @param event the change
	 */
	@EventListener
	public void onUrlChanged(TaskAppUrlChangedEvent event) {
		SampleJob job = this.job;
		String jobId = this.activeJobId.getAndSet(null);
		if (job == null || jobId == null) {
			return;
		}
		boolean resubmit = this.settings.onUrlChange() == SampleProperties.OnUrlChange.RESUBMIT;
		logger.warn("The task app moved from " + event.getPreviousUrl() + " to " + event.getUrl() + ": " + job.kind()
				+ " " + jobId + " can no longer reach it; cancelling it"
				+ (resubmit ? " and submitting a new one" : " (sample.job.on-url-change=resubmit submits a new one)"));
		dispose();
		Mono<Void> cancel = job.cancel(jobId, "the task app's URL changed")
			.doOnSuccess((done) -> logger.info("Cancelled " + job.kind() + " " + jobId))
			.then(record("record the end of", () -> this.lock.recordEnded(jobName(), jobId)))
			.onErrorResume((ex) -> {
				logger.warn("Could not cancel " + job.kind() + " " + jobId + ": " + ex.getMessage());
				return Mono.empty();
			});
		if (resubmit) {
			this.running = subscribe(cancel.then(submitAndAwait(event.getUrl())));
		}
		else {
			cancel.subscribe();
		}
	}

	/**
	 * Submits the job for the given URL and follows it in the background.
	 * @param url the public URL of the task app
	 */
	void start(String url) {
		this.running = subscribe(submitAndAwait(url));
	}

	/**
	 * Submits the job for the given task-app URL and waits for it, logging its progress. Until
	 * it has ended, it is the job cancelled at shutdown or when the URL changes.
	 * @param url the public URL of the task app
	 * @return completes when the job ended
	 */
	Mono<Void> submitAndAwait(String url) {
		SampleJob job = Objects.requireNonNull(this.job, "no Synth API key");
		return Mono.defer(() -> {
			if (this.taskAppUrl.mode() == TunnelMode.LOCAL) {
				logger.warn("The task-app URL " + url + " is local: a Synth backend on another machine cannot"
						+ " reach it. Use task-app.tunnel.mode=synthtunnel (the default with SYNTH_API_KEY) or quick.");
			}
			return job.submit(url);
		})
			.doOnNext(this.activeJobId::set)
			.flatMap((jobId) -> record("record", () -> this.lock.recordSubmitted(jobName(), jobId, url))
				.then(awaitEnd(job, jobId)));
	}

	private Mono<Void> awaitEnd(SampleJob job, String jobId) {
		return job.await(jobId).then(Mono.defer(() -> {
			this.activeJobId.compareAndSet(jobId, null);
			return record("record the end of", () -> this.lock.recordEnded(jobName(), jobId));
		}));
	}

	/**
	 * Writes to the lock's job record off the event loop; a failure is logged, the job goes on.
	 */
	private Mono<Void> record(String action, Runnable write) {
		return Mono.fromRunnable(write)
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorResume((ex) -> {
				logger.warn("Could not " + action + " the job in the shared database: " + ex.getMessage());
				return Mono.empty();
			})
			.then();
	}

	/**
	 * Returns the result of the finished prompt-learning job.
	 * @return the result, or {@code null} while none finished, or for a container
	 */
	public @Nullable PromptLearningJobResult result() {
		return (this.job instanceof PromptLearningSampleJob promptLearning) ? promptLearning.result() : null;
	}

	/**
	 * Returns the terminal status of the finished hosted-optimizer run.
	 * @return the status, or {@code null} while none finished, or for a task-app-contract app
	 */
	public @Nullable OptimizerRunStatus runStatus() {
		return (this.job instanceof HostedOptimizerSampleJob optimizer) ? optimizer.result() : null;
	}

	/**
	 * Cancels the job when the application starts shutting down, while the HTTP client's
	 * resources still run (they are released before beans are destroyed).
	 * @param event the start of the shutdown
	 */
	@EventListener
	public void onShutdown(ContextClosedEvent event) {
		cancelUnfinishedJob();
	}

	/**
	 * Stops following the job and, if it has not ended (when no shutdown event came first),
	 * cancels it.
	 */
	@Override
	public void destroy() {
		cancelUnfinishedJob();
		this.lock.release();
	}

	/**
	 * Stops following the job and, if it has not ended, cancels it: a job left running would go
	 * on calling a task app that is gone. Never throws.
	 */
	void cancelUnfinishedJob() {
		this.stopping = true;
		SampleJob job = this.job;
		String jobId = this.activeJobId.getAndSet(null);
		dispose();
		if (job == null || jobId == null) {
			return;
		}
		if (this.lock.sharedByReplicas()) {
			logger.info("Leaving " + job.kind() + " " + jobId + " running: it belongs to this deployment, whose other"
					+ " replicas go on serving its URL; the next replica to take the job lock follows it");
			return;
		}
		try {
			job.cancel(jobId, "the task app is shutting down").block(CANCEL_TIMEOUT);
			logger.info("Cancelled " + job.kind() + " " + jobId + ": the task app is shutting down");
		}
		catch (RuntimeException ex) {
			logger.warn("Could not cancel " + job.kind() + " " + jobId + " at shutdown (" + ex.getMessage()
					+ "); it may keep calling this app's URL until it times out");
		}
	}

	private void dispose() {
		Disposable running = this.running;
		if (running == null) {
			return;
		}
		try {
			running.dispose();
		}
		catch (RuntimeException ex) {
			logger.debug("Stopping to follow the job failed", ex);
		}
	}

}
