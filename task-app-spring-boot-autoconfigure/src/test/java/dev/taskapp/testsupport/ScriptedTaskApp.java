package dev.taskapp.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.contract.DatasetInfo;
import dev.taskapp.contract.RolloutMetrics;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.RolloutStep;
import dev.taskapp.contract.RolloutTrajectory;
import dev.taskapp.contract.TaskDescriptor;
import dev.taskapp.contract.TaskInfo;
import reactor.core.publisher.Mono;

/**
 * A task app whose rollout does what {@code policy.config.behaviour} asks: {@code ok} (the
 * default) scores the seed's parity, {@code fail} throws, {@code upstream} reports a failed
 * model call, {@code empty} completes without a response, {@code thread} records the
 * thread it ran on in the step info, {@code slow} answers after {@code delay_ms}.
 */
public final class ScriptedTaskApp {

	/** The app id. */
	public static final String APP_ID = "scripted";

	/** Number of {@code slow} rollouts running now. */
	public static final java.util.concurrent.atomic.AtomicInteger SLOW_IN_FLIGHT = new java.util.concurrent.atomic.AtomicInteger();

	private ScriptedTaskApp() {
	}

	/**
	 * Returns the task app with a non-blocking handler.
	 * @return the config
	 */
	public static TaskAppConfig reactive() {
		return base().rollout(ScriptedTaskApp::rollout).build();
	}

	/**
	 * Returns the task app with a blocking handler.
	 * @return the config
	 */
	public static TaskAppConfig blocking() {
		return base().blockingRollout((context) -> respond(context, Thread.currentThread().getName())).build();
	}

	private static TaskAppConfig.Builder base() {
		TaskInfo baseInfo = TaskInfo.of(new TaskDescriptor(APP_ID, "Scripted", null, "1.0.0"), APP_ID)
			.withDataset(new DatasetInfo(APP_ID, null, null, List.of("train"), "train", null));
		return TaskAppConfig.builder(APP_ID)
			.name("Scripted")
			.baseTaskInfo(baseInfo)
			.taskset(Map.of("id", APP_ID, "splits", List.of("train")))
			.instances((seeds) -> seeds.stream()
				.map((seed) -> baseInfo.withTaskMetadata(Map.of("seed", seed, "query", "query " + seed)))
				.toList());
	}

	private static Mono<RolloutResponse> rollout(RolloutContext context) {
		Object behaviour = context.request().policy().config().getOrDefault("behaviour", "ok");
		return switch (String.valueOf(behaviour)) {
			case "fail" -> throw new IllegalStateException("scripted failure with internals");
			case "error-signal" -> Mono.error(new IllegalStateException("scripted failure signal"));
			case "upstream" -> Mono.error(TaskAppHttpException.upstream("LLM at llm.test answered 500: overloaded"));
			case "missing-url" -> Mono.fromCallable(() -> respond(context, context.requireChatCompletionsUrl()));
			case "empty" -> Mono.empty();
			case "thread" -> Mono.fromCallable(() -> respond(context, Thread.currentThread().getName()));
			case "slow" -> Mono.delay(Duration.ofMillis(((Number) context.request().policy().config().get("delay_ms")).longValue()))
				.map((tick) -> respond(context, "slow"))
				.doOnSubscribe((subscription) -> SLOW_IN_FLIGHT.incrementAndGet())
				.doFinally((signal) -> SLOW_IN_FLIGHT.decrementAndGet());
			default -> Mono.just(respond(context, "ok"));
		};
	}

	private static RolloutResponse respond(RolloutContext context, String note) {
		Integer seed = context.request().env().resolvedSeed();
		double reward = (seed != null && seed % 2 == 0) ? 1.0 : 0.0;
		String inferenceUrl = (context.inferenceUrl() != null) ? context.inferenceUrl() : "";
		RolloutStep step = RolloutStep.builder()
			.obs(Map.of("seed", String.valueOf(seed)))
			.reward(reward)
			.done(true)
			.info(Map.of("note", note, "chat_completions_url", String.valueOf(context.chatCompletionsUrl()), "meta",
					Map.of("inference_url", inferenceUrl)))
			.build();
		String policyId = (context.request().policy().identity() != null) ? context.request().policy().identity()
				: "policy";
		return RolloutResponse.builder(context.request().runId())
			.trajectory(RolloutTrajectory.of(APP_ID + "::train::" + seed, policyId, inferenceUrl, List.of(step)))
			.metrics(RolloutMetrics.ofSingleEpisode(reward, 1))
			.pipelineMetadata("inference_url", inferenceUrl)
			.build();
	}

}
