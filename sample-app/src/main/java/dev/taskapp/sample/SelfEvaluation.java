package dev.taskapp.sample;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.taskapp.client.TaskAppClient;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.RolloutStep;
import dev.taskapp.tunnel.TaskAppUrl;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Evaluates the running task app the way a trainer would: through its public URL with
 * {@link TaskAppClient}, one rollout per seed of a split, each with its own {@code ?cid=}
 * correlation id. The model is the configured inference URL or, without one, the app's own
 * demo keyword classifier ({@link KeywordBaselinePolicy}) at its local URL.
 * <p>
 * Non-blocking: {@link #run(Consumer)} returns at once; rollouts run on Reactor Netty's
 * threads, at most the configured number at a time. A failed rollout is a row with reward 0
 * and its error, never a failed evaluation.
 */
public final class SelfEvaluation {

	private final TaskAppUrl taskAppUrl;

	private final Banking77Dataset dataset;

	private final SampleProperties.SelfEvaluation settings;

	private final @Nullable String inferenceUrl;

	private final String model;

	private final boolean container;

	/**
	 * Creates an evaluation.
	 * @param taskAppUrl where the task app is reachable, and its credentials
	 * @param dataset the data set, for the query and label of each seed
	 * @param settings the seeds, split, concurrency and rollout timeout
	 * @param inferenceUrl the model's OpenAI-compatible base URL, or {@code null} for the demo
	 * keyword classifier
	 * @param model the model named in each rollout
	 * @throws IllegalArgumentException if the data set has no such split
	 */
	public SelfEvaluation(TaskAppUrl taskAppUrl, Banking77Dataset dataset, SampleProperties.SelfEvaluation settings,
			@Nullable String inferenceUrl, String model) {
		this(taskAppUrl, dataset, settings, inferenceUrl, model, false);
	}

	/**
	 * Creates an evaluation that speaks the given contract.
	 * @param taskAppUrl where the app is reachable, and its credentials
	 * @param dataset the data set, for the query and label of each seed
	 * @param settings the seeds, split, concurrency and rollout timeout
	 * @param inferenceUrl the model's OpenAI-compatible base URL, or {@code null} for the demo
	 * keyword classifier
	 * @param model the model named in each rollout
	 * @param container whether the app serves the container contract ({@code POST /rollout}
	 * with a typed policy and a task id) rather than the task-app contract
	 * @throws IllegalArgumentException if the data set has no such split
	 */
	public SelfEvaluation(TaskAppUrl taskAppUrl, Banking77Dataset dataset, SampleProperties.SelfEvaluation settings,
			@Nullable String inferenceUrl, String model, boolean container) {
		dataset.split(settings.split());
		this.container = container;
		this.taskAppUrl = taskAppUrl;
		this.dataset = dataset;
		this.settings = settings;
		this.inferenceUrl = (inferenceUrl != null && !inferenceUrl.isBlank()) ? inferenceUrl.strip() : null;
		this.model = (this.inferenceUrl != null) ? model : KeywordBaselinePolicy.MODEL;
	}

	/**
	 * Describes what answers the rollouts.
	 * @return the configured inference URL, or the demo endpoint and where it is served
	 */
	public String policyDescription() {
		return (this.inferenceUrl != null) ? "model " + this.model + " at " + this.inferenceUrl
				: "the demo keyword classifier at " + demoInferenceUrl()
						+ " (demo only; set sample.llm.inference-url to use a real model)";
	}

	/**
	 * Names what answers the rollouts, briefly.
	 * @return {@code demo keyword classifier}, or the configured model's name
	 */
	public String policyLabel() {
		return (this.inferenceUrl != null) ? "model " + this.model : "demo keyword classifier";
	}

	/**
	 * Runs the evaluation once the public URL is ready.
	 * @param progress receives a line such as {@code Evaluating 12/24 ...} after every
	 * quarter of the seeds
	 * @return the report
	 */
	public Mono<SelfEvaluationReport> run(Consumer<String> progress) {
		return this.taskAppUrl.url().flatMap((publicUrl) -> evaluate(publicUrl, progress));
	}

	private Mono<SelfEvaluationReport> evaluate(String publicUrl, Consumer<String> progress) {
		String inference = (this.inferenceUrl != null) ? this.inferenceUrl : demoInferenceUrl();
		TaskAppClient client = TaskAppClient.builder(publicUrl)
			.apiKey(this.taskAppUrl.apiKey())
			.workerToken(this.taskAppUrl.workerToken())
			.rolloutTimeout(this.settings.rolloutTimeout())
			.build();
		String tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		int total = this.settings.seeds();
		int step = Math.max(1, total / 4);
		AtomicInteger done = new AtomicInteger();
		ContainerRolloutCaller containerCaller = this.container ? new ContainerRolloutCaller(publicUrl,
				this.taskAppUrl.apiKey(), this.taskAppUrl.workerToken(), this.settings.rolloutTimeout()) : null;
		return Flux.range(0, total)
			.flatMapSequential((seed) -> (containerCaller != null) ? containerRollout(containerCaller, inference, tag, seed)
					: rollout(client, inference, tag, seed), this.settings.concurrency())
			.doOnNext((row) -> {
				int count = done.incrementAndGet();
				if (count % step == 0 || count == total) {
					progress.accept("Evaluating " + count + "/" + total + " ...");
				}
			})
			.collectList()
			.map((rows) -> new SelfEvaluationReport(this.settings.split(), policyLabel(), rows));
	}

	private Mono<SelfEvaluationReport.Row> rollout(TaskAppClient client, String inference, String tag, int seed) {
		Banking77Dataset.Example example = this.dataset.sample(this.settings.split(), seed);
		String correlationId = "eval_" + tag + "_" + seed;
		RolloutRequest request = RolloutRequest.of("selfeval-" + tag + "-" + seed,
				new RolloutEnvSpec(null, null, Map.of("split", this.settings.split()), seed),
				RolloutPolicySpec.ofConfig(
						Map.of("inference_url", withCorrelationId(inference, correlationId), "model", this.model)));
		return client.rollout(request)
			.map((response) -> row(seed, example, response))
			.onErrorResume((ex) -> Mono.just(new SelfEvaluationReport.Row(seed, example.text(), example.label(), null,
					0.0, String.valueOf(ex.getMessage()))));
	}

	private Mono<SelfEvaluationReport.Row> containerRollout(ContainerRolloutCaller caller, String inference, String tag,
			int seed) {
		Banking77Dataset.Example example = this.dataset.sample(this.settings.split(), seed);
		String correlationId = "eval_" + tag + "_" + seed;
		return caller
			.rollout(this.settings.split() + ":" + seed, correlationId, this.model,
					withCorrelationId(inference, correlationId))
			.map((result) -> new SelfEvaluationReport.Row(seed, example.text(), example.label(), result.prediction(),
					result.reward(), null))
			.onErrorResume((ex) -> Mono.just(new SelfEvaluationReport.Row(seed, example.text(), example.label(), null,
					0.0, String.valueOf(ex.getMessage()))));
	}

	private static SelfEvaluationReport.Row row(int seed, Banking77Dataset.Example example,
			RolloutResponse response) {
		RolloutStep step = response.trajectories().isEmpty() || response.trajectories().get(0).steps().isEmpty()
				? null : response.trajectories().get(0).steps().get(0);
		Map<String, Object> info = (step != null && step.info() != null) ? step.info() : Map.of();
		String predicted = (info.get("predicted") instanceof String intent) ? intent : null;
		double reward = (step != null && step.reward() != null) ? step.reward() : response.metrics().meanReturn();
		String error = (info.get("error") instanceof String message) ? message : null;
		return new SelfEvaluationReport.Row(seed, example.text(), example.label(), predicted, reward, error);
	}

	private String demoInferenceUrl() {
		String localUrl = this.taskAppUrl.localUrl();
		if (localUrl == null) {
			throw new IllegalStateException("The local URL of the task app is not known yet");
		}
		return localUrl + KeywordBaselinePolicy.BASE_PATH;
	}

	static String withCorrelationId(String inferenceUrl, String correlationId) {
		return inferenceUrl + ((inferenceUrl.indexOf('?') >= 0) ? "&" : "?") + "cid=" + correlationId;
	}

}
