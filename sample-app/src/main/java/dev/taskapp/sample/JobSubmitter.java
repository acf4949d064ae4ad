package dev.taskapp.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.taskapp.client.JobSubmissionLock;
import dev.taskapp.client.PromptLearningJobClient;
import dev.taskapp.client.PromptLearningJobConfig;
import dev.taskapp.client.PromptLearningJobResult;
import dev.taskapp.client.PromptLearningJobStatus;
import dev.taskapp.client.PromptLearningPrompt;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrlReadyEvent;
import dev.taskapp.tunnel.TunnelMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Submits the sample's prompt-learning job to the Synth backend once the task app's public URL
 * is ready, and reports its progress until it finishes: the job configured by
 * {@code sample.job.config} (the shipped {@code banking77-gepa.toml}), with
 * {@code prompt_learning.task_app_url} and {@code prompt_learning.task_app_api_key} taken from
 * {@link TaskAppUrl}, and the SynthTunnel worker token when the app is reached through
 * SynthTunnel (the key is then left to the tunnel agent).
 * <p>
 * Without a Synth API key it submits nothing and logs one line saying how to enable it.
 * Runs once per application, without blocking.
 */
public final class JobSubmitter implements ApplicationListener<TaskAppUrlReadyEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(JobSubmitter.class);

	private static final int MAX_PROMPT_LENGTH = 2000;

	private final TaskAppUrl taskAppUrl;

	private final SampleProperties.Job settings;

	private final @Nullable String apiKey;

	private final String backendUrl;

	private final ResourceLoader resourceLoader;

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicReference<@Nullable PromptLearningJobResult> result = new AtomicReference<>();

	private volatile @Nullable Disposable running;

	private volatile JobSubmissionLock lock = JobSubmissionLock.alone();

	/**
	 * Creates the submitter.
	 * @param taskAppUrl where the task app is reachable, and its credentials
	 * @param settings the job settings
	 * @param apiKey the Synth API key, or {@code null} to submit nothing
	 * @param backendUrl the Synth backend
	 * @param resourceLoader the loader of the job configuration
	 */
	public JobSubmitter(TaskAppUrl taskAppUrl, SampleProperties.Job settings, @Nullable String apiKey,
			String backendUrl, ResourceLoader resourceLoader) {
		this.taskAppUrl = taskAppUrl;
		this.settings = settings;
		this.apiKey = (apiKey != null && !apiKey.isBlank()) ? apiKey.strip() : null;
		this.backendUrl = backendUrl;
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void onApplicationEvent(TaskAppUrlReadyEvent event) {
		if (!this.started.compareAndSet(false, true)) {
			return;
		}
		if (this.apiKey == null) {
			logger.info("No prompt-learning job submitted: set SYNTH_API_KEY (and SYNTH_BACKEND_URL for another"
					+ " backend than " + this.backendUrl + ") to optimise this task app's prompt with "
					+ this.settings.config() + "; sample.job.enabled=false silences this line");
			return;
		}
		if (!this.lock.tryAcquire(this.settings.config())) {
			logger.info("Another replica of this deployment submits the prompt-learning job " + this.settings.config()
					+ "; this one defers");
			return;
		}
		this.running = submitAndAwait(event.getUrl()).subscribe(this.result::set,
				(ex) -> logger.warn("Prompt-learning job failed: " + ex.getMessage()));
	}

	/**
	 * Submits the job for the given task-app URL and waits for it, logging its progress.
	 * @param url the public URL of the task app
	 * @return the job's result
	 */
	Mono<PromptLearningJobResult> submitAndAwait(String url) {
		return Mono.defer(() -> {
			PromptLearningJobClient client = PromptLearningJobClient.builder(this.backendUrl)
				.apiKey(this.apiKey)
				.pollInterval(this.settings.pollInterval())
				.completionTimeout(this.settings.timeout())
				.build();
			PromptLearningJobConfig config = loadConfig().withTaskAppUrl(url)
				.withTaskAppApiKey(this.taskAppUrl.apiKey())
				.withTaskAppWorkerToken(this.taskAppUrl.workerToken());
			if (this.taskAppUrl.mode() == TunnelMode.LOCAL) {
				logger.warn("The task-app URL " + url + " is local: a Synth backend on another machine cannot"
						+ " reach it. Use task-app.tunnel.mode=synthtunnel (the default with SYNTH_API_KEY) or quick.");
			}
			return client.submit(config).flatMap((jobId) -> {
				logger.info("Submitted prompt-learning job " + jobId + " (" + config.algorithm() + ", "
						+ config.source() + ") to " + client.getApiBase() + " for " + url);
				return client.awaitCompletion(jobId, new ProgressLog(jobId)).doOnNext(this::report);
			});
		});
	}

	private PromptLearningJobConfig loadConfig() {
		Resource resource = this.resourceLoader.getResource(this.settings.config());
		try (InputStream input = resource.getInputStream()) {
			return PromptLearningJobConfig.load(input, this.settings.config());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the job configuration " + this.settings.config(), ex);
		}
	}

	private void report(PromptLearningJobResult result) {
		if (result.succeeded()) {
			logger.info("Job " + result.jobId() + " succeeded: best score " + score(result.bestScore()));
			PromptLearningPrompt prompt = result.bestPrompt();
			if (prompt != null) {
				String text = prompt.text();
				logger.info("Best prompt of job " + result.jobId() + ":\n"
						+ ((text.length() > MAX_PROMPT_LENGTH) ? text.substring(0, MAX_PROMPT_LENGTH) + "..." : text));
			}
		}
		else {
			logger.warn("Job " + result.jobId() + " " + result.state().value()
					+ ((result.error() != null) ? ": " + result.error() : ""));
		}
	}

	/**
	 * Returns the result of the finished job.
	 * @return the result, or {@code null} while no job finished
	 */
	public @Nullable PromptLearningJobResult result() {
		return this.result.get();
	}

	/**
	 * Sets the lock that lets one replica of a deployment submit the job.
	 * @param lock the lock
	 */
	void useLock(JobSubmissionLock lock) {
		this.lock = lock;
	}

	@Override
	public void destroy() {
		Disposable running = this.running;
		if (running != null) {
			running.dispose();
		}
		this.lock.release();
	}

	static String score(@Nullable Double score) {
		return (score != null) ? String.format(Locale.ROOT, "%.2f", score) : "--";
	}

	/**
	 * Logs a status when its state or best score differs from the last one logged.
	 */
	private static final class ProgressLog implements Consumer<PromptLearningJobStatus> {

		private final String jobId;

		private @Nullable String last;

		private final long start = System.nanoTime();

		ProgressLog(String jobId) {
			this.jobId = jobId;
		}

		@Override
		public void accept(PromptLearningJobStatus status) {
			String line = status.state().value() + ", best score " + score(status.bestScore());
			if (!Objects.equals(line, this.last)) {
				this.last = line;
				long seconds = Duration.ofNanos(System.nanoTime() - this.start).toSeconds();
				logger.info(String.format(Locale.ROOT, "Job %s [%02d:%02d] %s", this.jobId, seconds / 60, seconds % 60,
						line));
			}
		}

	}

}
