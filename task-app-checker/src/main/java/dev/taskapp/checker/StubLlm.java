package dev.taskapp.checker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * An OpenAI-compatible chat-completions model on a loopback port, which the checked app calls
 * during the rollout check. It answers every request at once: with a call of the first tool the
 * request offers, its required arguments filled in (the first value of an enum, {@code "stub"}
 * for a string), or with a short text when no tool is offered. It remembers the requests.
 */
final class StubLlm implements AutoCloseable {

	/** The model the stub names in its answers. */
	static final String MODEL = "conformance-stub";

	private final List<String> requests = new ArrayList<>();

	private final DisposableServer server;

	StubLlm() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.aggregate()
				.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.flatMap((body) -> {
					remember(body);
					return response.header("Content-Type", "application/json")
						.sendString(Mono.just(answer(body)), StandardCharsets.UTF_8)
						.then();
				}))
			.bindNow();
	}

	/**
	 * Returns the base URL the app is given as its inference URL.
	 * @return {@code http://127.0.0.1:<port>/v1}
	 */
	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	/**
	 * Returns the bodies of the requests received so far.
	 * @return the bodies, oldest first
	 */
	synchronized List<String> requests() {
		return List.copyOf(this.requests);
	}

	private synchronized void remember(String body) {
		this.requests.add(body);
	}

	static String answer(String requestBody) {
		JsonNode request;
		try {
			request = TaskAppJson.mapper().readTree(requestBody);
		}
		catch (RuntimeException ex) {
			request = TaskAppJson.mapper().createObjectNode();
		}
		JsonNode tool = (request != null) ? request.path("tools").path(0).path("function") : null;
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		String finishReason;
		if (tool != null && tool.path("name").isString()) {
			message.put("content", null);
			message.put("tool_calls", List.of(Map.of("id", "call_conformance", "type", "function", "function",
					Map.of("name", tool.path("name").asString(), "arguments",
							TaskAppJson.mapper().writeValueAsString(arguments(tool.path("parameters")))))));
			finishReason = "tool_calls";
		}
		else {
			message.put("content", "stub answer");
			finishReason = "stop";
		}
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("finish_reason", finishReason);
		Map<String, Object> completion = new LinkedHashMap<>();
		completion.put("id", "chatcmpl-conformance");
		completion.put("object", "chat.completion");
		completion.put("created", 0);
		completion.put("model", MODEL);
		completion.put("choices", List.of(choice));
		completion.put("usage", Map.of("prompt_tokens", 1, "completion_tokens", 1, "total_tokens", 2));
		return TaskAppJson.mapper().writeValueAsString(completion);
	}

	private static Map<String, Object> arguments(JsonNode parameters) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		for (JsonNode name : parameters.path("required")) {
			JsonNode property = parameters.path("properties").path(name.asString());
			arguments.put(name.asString(), value(property));
		}
		return arguments;
	}

	private static Object value(JsonNode property) {
		if (property.path("enum").isArray() && !property.path("enum").isEmpty()) {
			return property.path("enum").get(0);
		}
		return switch (property.path("type").asString("string")) {
			case "integer", "number" -> 0;
			case "boolean" -> false;
			case "array" -> List.of();
			case "object" -> Map.of();
			default -> "stub";
		};
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
