package dev.taskapp.container;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskapp.config.PromptModule;
import dev.taskapp.config.PromptProgram;
import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.config.TaskDataset;
import dev.taskapp.contract.RolloutMetrics;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.RolloutStep;
import dev.taskapp.contract.RolloutTrajectory;
import dev.taskapp.support.TaskAppJson;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A small classification app declaring a prompt program and a data set; its handler asks the
 * model at the request's inference URL with Reactor Netty's client, reading the system prompt
 * and model through the contract-neutral accessors of {@link RolloutContext}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ContainerTestApplication {

	static final String SEED_PROMPT = "Classify the text as positive or negative.";

	static final AtomicInteger handlerRuns = new AtomicInteger();

	static final AtomicInteger cancelledModelCalls = new AtomicInteger();

	@Bean
	TaskAppConfig sentimentApp() {
		TaskDataset dataset = TaskDataset.builder("sentiment")
			.split("train", List.of(Map.of("text", "I love it", "label", "positive"),
					Map.of("text", "I hate it", "label", "negative")))
			.split("test", List.of(Map.of("text", "Great stuff", "label", "positive")))
			.labels(List.of("positive", "negative"))
			.source("inline")
			.build();
		PromptProgram program = PromptProgram.of("sentiment_classifier", "classification_accuracy",
				PromptModule.mutable("classifier_system", "system", "system_prompt", SEED_PROMPT),
				PromptModule.fixed("text", "user", "Text: {text}", "text"));
		return TaskAppConfig.builder("sentiment")
			.name("Sentiment")
			.program(program)
			.dataset(dataset)
			.rollout(ContainerTestApplication::rollout)
			.build();
	}

	private static Mono<RolloutResponse> rollout(RolloutContext context) {
		handlerRuns.incrementAndGet();
		String systemPrompt = context.candidate("system_prompt");
		String text = String.valueOf(context.task().get("text"));
		String expected = String.valueOf(context.task().get("label"));
		byte[] body = TaskAppJson.mapper()
			.writeValueAsBytes(Map.of("model", String.valueOf(context.policy().model()), "messages",
					List.of(Map.of("role", "system", "content", String.valueOf(systemPrompt)),
							Map.of("role", "user", "content", "Text: " + text))));
		Instant startedAt = Instant.now();
		return HttpClient.create()
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
			.post()
			.uri(context.requireChatCompletionsUri())
			.send(ByteBufFlux.fromString(Mono.just(new String(body, StandardCharsets.UTF_8))))
			.responseSingle((response, content) -> {
				if (response.status().code() != 200) {
					return Mono.error(TaskAppHttpException.upstream("The model answered " + response.status().code()));
				}
				return content.asString();
			})
			.doOnCancel(cancelledModelCalls::incrementAndGet)
			.map((answer) -> {
				context.traces().recordChatCompletion(body, answer.getBytes(StandardCharsets.UTF_8),
						startedAt, Instant.now());
				JsonNode node = TaskAppJson.mapper().readTree(answer);
				String predicted = node.path("choices").path(0).path("message").path("content").asString().strip();
				double reward = predicted.equals(expected) ? 1.0 : 0.0;
				RolloutStep step = RolloutStep.builder()
					.obs(Map.of("text", text))
					.reward(reward)
					.done(true)
					.info(Map.of("expected", expected, "predicted", predicted))
					.build();
				return RolloutResponse.builder(context.request())
					.trajectory(RolloutTrajectory.of("sentiment", "policy", String.valueOf(context.inferenceUrl()), List.of(step)))
					.metrics(RolloutMetrics.ofSingleEpisode(reward, 1))
					.build();
			});
	}

}
