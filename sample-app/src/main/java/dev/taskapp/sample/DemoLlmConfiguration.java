package dev.taskapp.sample;

import java.time.Clock;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * <strong>Demo only:</strong> serves the {@link KeywordBaselinePolicy} at
 * {@code POST /demo-llm/v1/chat/completions} when no model endpoint is configured
 * ({@code sample.llm.inference-url} empty), so that the sample can evaluate itself offline.
 * The route plays the LLM, not the task app: it is outside the task-app routes and needs no
 * task-app API key. A malformed request is answered 400 with an OpenAI-style error body.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoInferenceUrlCondition.class)
class DemoLlmConfiguration {

	@Bean
	KeywordBaselinePolicy keywordBaselinePolicy(Banking77Dataset dataset) {
		return new KeywordBaselinePolicy(KeywordIntentClassifier.train(dataset.split(Banking77Dataset.TRAIN)),
				Clock.systemUTC());
	}

	@Bean
	RouterFunction<ServerResponse> demoLlmRoutes(KeywordBaselinePolicy policy) {
		return RouterFunctions.route()
			.POST(KeywordBaselinePolicy.CHAT_COMPLETIONS_PATH, (request) -> complete(policy, request))
			.build();
	}

	private static Mono<ServerResponse> complete(KeywordBaselinePolicy policy, ServerRequest request) {
		return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap((body) -> {
			JsonNode json;
			try {
				json = TaskAppJson.mapper().readTree(body);
			}
			catch (JacksonException ex) {
				return invalid("The request body is not valid JSON");
			}
			if (json == null || !json.isObject()) {
				return invalid("The request body must be a JSON object");
			}
			try {
				return ServerResponse.ok()
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(TaskAppJson.mapper().writeValueAsBytes(policy.complete(json)));
			}
			catch (IllegalArgumentException ex) {
				return invalid(ex.getMessage());
			}
		});
	}

	private static Mono<ServerResponse> invalid(String message) {
		return ServerResponse.status(HttpStatus.BAD_REQUEST)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TaskAppJson.mapper()
				.writeValueAsBytes(Map.of("error", Map.of("message", message, "type", "invalid_request_error"))));
	}

}
