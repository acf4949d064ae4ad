package dev.taskapp.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.taskapp.client.PromptLearningJobClient;
import dev.taskapp.client.PromptLearningJobConfig;
import dev.taskapp.client.PromptLearningJobResult;
import dev.taskapp.client.PromptLearningJobStatus;
import dev.taskapp.client.PromptLearningPrompt;
import dev.taskapp.tunnel.TaskAppUrl;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The sample's job for the task-app contract: {@code sample.job.config} (the shipped
 * {@code banking77-gepa.toml}) submitted to the prompt-learning API, with
 * {@code prompt_learning.task_app_url} and {@code prompt_learning.task_app_api_key} taken from
 * {@link TaskAppUrl}, and the SynthTunnel worker token when the app is reached through
 * SynthTunnel (the key is then left to the tunnel agent).
 */
final class PromptLearningSampleJob implements SampleJob {

	private static final Log logger = LogFactory.getLog(JobSubmitter.class);

	private static final int MAX_PROMPT_LENGTH = 2000;

	private final TaskAppUrl taskAppUrl;

	private final SampleProperties.Job settings;

	private final PromptLearningJobClient client;

	private final ResourceLoader resourceLoader;

	private final AtomicReference<@Nullable PromptLearningJobResult> result = new AtomicReference<>();

	PromptLearningSampleJob(TaskAppUrl taskAppUrl, SampleProperties.Job settings, String apiKey, String backendUrl,
			ResourceLoader resourceLoader) {
		this.taskAppUrl = taskAppUrl;
		this.settings = settings;
		this.resourceLoader = resourceLoader;
		this.client = PromptLearningJobClient.builder(backendUrl)
			.apiKey(apiKey)
			.pollInterval(settings.pollInterval())
			.completionTimeout(settings.timeout())
			.build();
	}

	@Override
	public String kind() {
		return "prompt-learning job";
	}

	@Override
	public Mono<String> submit(String url) {
		return Mono.defer(() -> {
			PromptLearningJobConfig config = loadConfig().withTaskAppUrl(url)
				.withTaskAppApiKey(this.taskAppUrl.apiKey())
				.withTaskAppWorkerToken(this.taskAppUrl.workerToken());
			return this.client.submit(config)
				.doOnNext((jobId) -> logger.info("Submitted prompt-learning job " + jobId + " (" + config.algorithm()
						+ ", " + config.source() + ") to " + this.client.getApiBase() + " for " + url));
		});
	}

	@Override
	public Mono<Void> await(String id) {
		return this.client.awaitCompletion(id, new ProgressLog(id)).doOnNext(this::report).then();
	}

	@Override
	public Mono<Void> cancel(String id, String reason) {
		return this.client.cancel(id, reason).then();
	}

	/**
	 * Returns the result of the finished job.
	 * @return the result, or {@code null} while no job finished
	 */
	@Nullable PromptLearningJobResult result() {
		return this.result.get();
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
		this.result.set(result);
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
