package dev.taskapp.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * Runs one sync rollout against an app that serves the container contract, as GEPA v2 does:
 * {@code POST /rollout} with a task id and a typed policy, the key as
 * {@code Authorization: Bearer} (the SynthTunnel worker token instead when there is one, the key
 * then going as {@code X-API-Key}).
 */
final class ContainerRolloutCaller {

	private final String baseUrl;

	private final HttpClient client;

	private final Duration timeout;

	ContainerRolloutCaller(String baseUrl, @Nullable String apiKey, @Nullable String workerToken, Duration timeout) {
		this.baseUrl = baseUrl;
		this.timeout = timeout;
		String bearer = (workerToken != null) ? workerToken : apiKey;
		this.client = HttpClient.create().headers((headers) -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
			if (bearer != null) {
				headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
			}
			if (apiKey != null) {
				headers.set("X-API-Key", apiKey);
			}
		});
	}

	/**
	 * Runs a rollout.
	 * @param taskId the task id, such as {@code test:3}
	 * @param correlationId the trace correlation id
	 * @param model the model
	 * @param inferenceUrl the model's base URL
	 * @return the reward and prediction; an error when the app answers other than 200
	 */
	Mono<Result> rollout(String taskId, String correlationId, String model, String inferenceUrl) {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("provider", "openai");
		policy.put("model", model);
		policy.put("api_family", "chat_completions");
		policy.put("inference_url", inferenceUrl);
		policy.put("credential_mode", "byok");
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("submission_mode", "sync");
		request.put("task_id", taskId);
		request.put("trace_correlation_id", correlationId);
		request.put("policy", policy);
		String body = TaskAppJson.mapper().writeValueAsString(request);
		return this.client.post()
			.uri(this.baseUrl + "/rollout")
			.send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8, io.netty.buffer.ByteBufAllocator.DEFAULT))
			.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.flatMap((text) -> (response.status().code() == 200) ? Mono.just(result(text))
						: Mono.error(new IllegalStateException("The app answered " + response.status().code() + ": "
								+ ((text.length() > 200) ? text.substring(0, 200) : text)))))
			.timeout(this.timeout);
	}

	private static Result result(String json) {
		JsonNode answer = TaskAppJson.mapper().readTree(json);
		JsonNode prediction = answer.path("actionable_side_info").path("prediction");
		return new Result(answer.path("reward_info").path("outcome_reward").asDouble(0.0),
				prediction.isString() ? prediction.stringValue() : null);
	}

	/**
	 * What a rollout earned.
	 *
	 * @param reward {@code reward_info.outcome_reward}
	 * @param prediction {@code actionable_side_info.prediction}, or {@code null}
	 */
	record Result(double reward, @Nullable String prediction) {

	}

}
