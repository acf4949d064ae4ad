package dev.taskapp.sample;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import dev.taskapp.client.PromptLearningJobClient;
import dev.taskapp.client.PromptLearningJobConfig;
import dev.taskapp.client.PromptLearningJobResult;
import dev.taskapp.client.PromptLearningJobStatus;
import dev.taskapp.client.PromptLearningPrompt;
import dev.taskapp.tunnel.TaskAppUrl;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ResourceLoader;

/**
 * The sample's job for the task-app contract: {@code sample.job.config} (the shipped
 * {@code banking77-gepa.toml}) submitted to the prompt-learning API, with
 * {@code prompt_learning.task_app_url} and {@code prompt_learning.task_app_api_key} taken from
 * {@link TaskAppUrl}, and the SynthTunnel worker token when the app is reached through
 * SynthTunnel (the key is then left to the tunnel agent).
 */
final class PromptLearningSampleJob extends AbstractSampleJob<PromptLearningJobResult> {

	private static final int MAX_PROMPT_LENGTH = 2000;

	private final PromptLearningJobClient client;

	PromptLearningSampleJob(TaskAppUrl taskAppUrl, SampleProperties.Job settings, String apiKey, String backendUrl,
			ResourceLoader resourceLoader) {
		super(taskAppUrl, settings, resourceLoader);
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
				.withTaskAppApiKey(taskAppUrl().apiKey())
				.withTaskAppWorkerToken(taskAppUrl().workerToken());
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

	private PromptLearningJobConfig loadConfig() {
		String location = settings().config();
		return readConfiguration(location, "job configuration",
				(input) -> PromptLearningJobConfig.load(input, location));
	}

	private void report(PromptLearningJobResult result) {
		finished(result);
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
				logger.info("Job " + this.jobId + " " + elapsedSince(this.start) + " " + line);
			}
		}

	}

}
