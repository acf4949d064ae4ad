package com.example.mytask;

// tag::quick-start[]
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * A task app that asks the model for the capital of a country and scores its answer.
 */
@Configuration
public class MyTaskApp {

	private static final List<String[]> COUNTRIES = List.of(new String[] { "France", "Paris" },
			new String[] { "Japan", "Tokyo" }, new String[] { "Kenya", "Nairobi" }, new String[] { "Peru", "Lima" });

	private static final TaskInfo BASE_INFO = TaskInfo
		.of(new TaskDescriptor("capitals", "Capital cities", "Name the capital of a country", "1"), "capitals")
		.withDataset(new DatasetInfo("capitals", "Capital cities", "1", List.of("train", "test"), "train", null));

	private static final WebClient MODEL = WebClient.create();

	@Bean
	TaskAppConfig taskApp() {
		return config();
	}

	/**
	 * Returns the task app: its taskset, its instances and its rollout.
	 * @return the task app's config
	 */
	public static TaskAppConfig config() {
		return TaskAppConfig.builder("capitals")
			.name("Capital cities")
			.baseTaskInfo(BASE_INFO)
			.taskset(Map.of("splits", List.of("train", "test"), "size", COUNTRIES.size()))
			.instances((seeds) -> seeds.stream()
				.map((seed) -> BASE_INFO.withTaskMetadata(Map.of("seed", seed, "country", country(seed)[0])))
				.toList())
			.rollout(MyTaskApp::rollout)
			.build();
	}

	private static Mono<RolloutResponse> rollout(RolloutContext context) {
		int seed = Objects.requireNonNullElse(context.request().env().resolvedSeed(), 0);
		String[] country = country(seed);
		Map<String, Object> request = Map.of("model", context.request().policy().config().getOrDefault("model", "gpt-4o-mini"),
				"messages", List.of(Map.of("role", "system", "content", "Answer with the name of the city only."),
						Map.of("role", "user", "content", "What is the capital of " + country[0] + "?")));
		URI model = context.requireChatCompletionsUri();   // policy.config.inference_url + /chat/completions
		return MODEL.post()
			.uri(model)
			.headers((headers) -> {
				String openAiKey = System.getenv("OPENAI_API_KEY");
				if ("api.openai.com".equals(model.getHost()) && openAiKey != null) {
					headers.setBearerAuth(openAiKey);   // only OpenAI's own host gets your key
				}
			})
			.bodyValue(request)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.onErrorMap(WebClientResponseException.class,
					(ex) -> TaskAppHttpException.upstream("The model answered " + ex.getStatusCode().value()))
			.onErrorMap(WebClientRequestException.class,
					(ex) -> TaskAppHttpException.upstream("The model could not be reached"))
			.map((answer) -> score(context, seed, country[1], answer.at("/choices/0/message/content").asString()));
	}

	private static RolloutResponse score(RolloutContext context, int seed, String expected, String answer) {
		double reward = answer.strip().equalsIgnoreCase(expected) ? 1.0 : 0.0;
		String inferenceUrl = Objects.requireNonNull(context.inferenceUrl());
		RolloutStep step = RolloutStep.builder()
			.obs(Map.of("seed", seed))
			.reward(reward)
			.done(true)
			.info(Map.of("expected", expected, "answer", answer, "meta", Map.of("inference_url", inferenceUrl)))
			.build();
		String policy = Objects.requireNonNullElse(context.request().policy().identity(), "policy");
		return RolloutResponse.builder(context.request())
			.trajectory(RolloutTrajectory.of("capitals::train::" + seed, policy, inferenceUrl, List.of(step)))
			.metrics(RolloutMetrics.ofSingleEpisode(reward, 1))   // mean_return: what the optimiser maximises
			.pipelineMetadata("inference_url", inferenceUrl)
			.build();
	}

	private static String[] country(int seed) {
		return COUNTRIES.get(Math.floorMod(seed, COUNTRIES.size()));
	}

}
// end::quick-start[]
