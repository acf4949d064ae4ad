package dev.taskapp.tracing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.web.TaskAppApiKeys;
import dev.taskapp.web.TaskAppRouteSettings;
import dev.taskapp.web.TaskAppRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link ChatCompletionsTracing} against a local chat-completions server.
 */
class ChatCompletionsTracingTests {

	private DisposableServer server;

	private WebClient client;

	@BeforeEach
	void startServer() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes
				.post("/v1/chat/completions",
						(request, response) -> request.receive()
							.aggregate()
							.then(response.header("Content-Type", "application/json")
								.sendString(Mono.just(TracedTaskApp.ANSWER))
								.then()))
				.post("/v1/other", (request, response) -> response.sendString(Mono.just("{}")))
				.post("/v1/broken/chat/completions",
						(request, response) -> response.status(500).sendString(Mono.just("{\"error\": \"down\"}"))))
			.bindNow();
		this.client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.server.port())
			.filter(ChatCompletionsTracing.exchangeFilter())
			.build();
	}

	@AfterEach
	void stopServer() {
		this.server.disposeNow();
	}

	@Test
	void callToTheRolloutsChatCompletionsUrlIsRecorded() {
		TraceRecorder recorder = TraceRecorder.create(url("/v1/chat/completions?cid=trace_1"));
		String answer = post("/v1/chat/completions?cid=trace_1")
			.contextWrite(ChatCompletionsTracing.withRecorder(recorder))
			.block(Duration.ofSeconds(10));
		assertThat(answer).contains("chatcmpl-1");
		assertThat(recorder.calls()).singleElement().satisfies((call) -> {
			assertThat(call.messages()).extracting((message) -> message.get("content"))
				.containsExactly(TracedTaskApp.SYSTEM_PROMPT, "query 7");
			assertThat(call.model()).isEqualTo("gpt-test");
			assertThat(call.toolCalls()).hasSize(1);
			assertThat(call.totalTokens()).isEqualTo(49);
		});
	}

	@Test
	void handlerUsingWebClientGetsItsTraceWithoutRecordingAnything() {
		TaskAppConfig config = TaskAppConfig.builder(TracedTaskApp.APP_ID)
			.rollout((context) -> this.client.post()
				.uri(context.requireChatCompletionsUrl())
				.bodyValue(TracedTaskApp.chatRequest(5))
				.retrieve()
				.bodyToMono(String.class)
				.map((answer) -> TestTraces.response(context.request(), 1.0)))
			.build();
		WebTestClient routes = WebTestClient
			.bindToRouterFunction(TaskAppRoutes.of(config, TaskAppApiKeys.of("key", List.of()),
					new TaskAppRouteSettings("", false, 401, 1 << 20, java.time.Duration.ofSeconds(30))))
			.configureClient()
			.responseTimeout(Duration.ofSeconds(20))
			.build();
		String request = TracedTaskApp.requestJson("run_1", 5, true, "compact", Map.of("inference_url",
				"http://127.0.0.1:" + this.server.port() + "/v1?cid=trace_run_1"));
		Map<String, Object> trace = TracePayloadsTests.map(RolloutTracingRoutesTests.rollout(routes, request), "trace");
		assertThat(TracePayloadsTests.events(trace)).singleElement()
			.satisfies((event) -> assertThat(TracePayloadsTests.map(event, "llm_request")).containsEntry("messages",
					TracedTaskApp.chatRequest(5).get("messages")));
	}

	@Test
	void callToAnotherUrlIsNotRecorded() {
		TraceRecorder recorder = TraceRecorder.create(url("/v1/chat/completions"));
		post("/v1/other").contextWrite(ChatCompletionsTracing.withRecorder(recorder)).block(Duration.ofSeconds(10));
		assertThat(recorder.calls()).isEmpty();
	}

	@Test
	void callWithoutARecorderPassesThrough() {
		assertThat(post("/v1/chat/completions").block(Duration.ofSeconds(10))).contains("chatcmpl-1");
	}

	@Test
	void failedCallIsNotRecorded() {
		TraceRecorder recorder = TraceRecorder.create(url("/v1/broken/chat/completions"));
		this.client.post()
			.uri("/v1/broken/chat/completions")
			.bodyValue(TracedTaskApp.chatRequest(1))
			.exchangeToMono((response) -> response.bodyToMono(String.class))
			.contextWrite(ChatCompletionsTracing.withRecorder(recorder))
			.block(Duration.ofSeconds(10));
		assertThat(recorder.calls()).isEmpty();
	}

	@Test
	void recorderNamedOnTheRequestRecordsWhateverTheUrl() {
		TraceRecorder recorder = TraceRecorder.create(null);
		String answer = this.client.post()
			.uri("/v1/chat/completions")
			.attributes(ChatCompletionsTracing.recordInto(recorder))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TracedTaskApp.chatRequest(7))
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
		assertThat(answer).isNotNull();
		assertThat(recorder.calls()).hasSize(1);
	}

	@Test
	void disabledRecorderIsNeverUsed() {
		post("/v1/chat/completions").contextWrite(ChatCompletionsTracing.withRecorder(TraceRecorder.disabled()))
			.block(Duration.ofSeconds(10));
		assertThat(TraceRecorder.disabled().calls()).isEmpty();
	}

	@Test
	void endpointsAreComparedWithoutTheQueryAndWithDefaultPorts() {
		assertThat(ChatCompletionsTracing.sameEndpoint(URI.create("https://API.example.com/v1/chat/completions?cid=a"),
				"https://api.example.com:443/v1/chat/completions/?cid=b"))
			.isTrue();
		assertThat(ChatCompletionsTracing.sameEndpoint(URI.create("http://api.example.com/v1/chat/completions"),
				"https://api.example.com/v1/chat/completions"))
			.isFalse();
		assertThat(ChatCompletionsTracing.sameEndpoint(URI.create("http://api.example.com/v2/chat/completions"),
				"http://api.example.com/v1/chat/completions"))
			.isFalse();
		assertThat(ChatCompletionsTracing.sameEndpoint(URI.create("http://a/"), null)).isFalse();
	}

	private Mono<String> post(String path) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("model", "gpt-test", "messages",
					List.of(Map.of("role", "system", "content", TracedTaskApp.SYSTEM_PROMPT),
							Map.of("role", "user", "content", "query 7"))))
			.retrieve()
			.bodyToMono(String.class);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.server.port() + path;
	}

}
