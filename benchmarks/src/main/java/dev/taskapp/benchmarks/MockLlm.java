package dev.taskapp.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A mock OpenAI-compatible chat-completions server on Reactor Netty. Every
 * {@code POST …/chat/completions} is answered, after the configured latency, with a
 * {@code classify} tool call whose intent is chosen deterministically from the request URI
 * (which carries the rollout's seed in {@code ?cid=}). The latency is
 * {@code --latency-ms} unless the path holds a {@code /lat/<ms>/} segment, so one mock serves
 * every scenario: the load driver picks the latency through the inference URL it sends.
 * <p>
 * {@code GET /stats} answers the number of calls and the most calls that were in flight at
 * once; {@code POST /stats/reset} zeroes them.
 * <p>
 * Flags: {@code --host=127.0.0.1 --port=0 --latency-ms=0 --dataset=<dir or sample jar>
 * --parent-pid=<pid>}. Prints {@code MockLlm listening on http://host:port} when ready.
 */
public final class MockLlm {

	private static final String LATENCY_SEGMENT = "/lat/";

	private final byte[][] answers;

	private final long defaultLatencyMillis;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final AtomicLong calls = new AtomicLong();

	MockLlm(List<String> intents, long defaultLatencyMillis) {
		JsonMapper mapper = JsonMapper.builder().build();
		this.answers = new byte[intents.size()][];
		for (int i = 0; i < intents.size(); i++) {
			this.answers[i] = answer(mapper, intents.get(i));
		}
		this.defaultLatencyMillis = defaultLatencyMillis;
	}

	private static byte[] answer(JsonMapper mapper, String intent) {
		ObjectNode root = mapper.createObjectNode();
		root.put("id", "chatcmpl-mock");
		root.put("object", "chat.completion");
		root.put("created", 1_700_000_000L);
		root.put("model", "mock-llm");
		ObjectNode choice = root.putArray("choices").addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message");
		message.put("role", "assistant");
		message.putNull("content");
		ArrayNode calls = message.putArray("tool_calls");
		ObjectNode call = calls.addObject();
		call.put("id", "call_mock_0");
		call.put("type", "function");
		ObjectNode function = call.putObject("function");
		function.put("name", "classify");
		function.put("arguments", "{\"intent\":\"" + intent + "\"}");
		choice.put("finish_reason", "tool_calls");
		ObjectNode usage = root.putObject("usage");
		usage.put("prompt_tokens", 180);
		usage.put("completion_tokens", 12);
		usage.put("total_tokens", 192);
		return mapper.writeValueAsBytes(root);
	}

	/**
	 * Starts the mock.
	 * @param args the flags
	 */
	public static void main(String[] args) {
		Flags flags = new Flags(args);
		String host = flags.string("host", "127.0.0.1");
		int port = flags.integer("port", 0);
		long latency = flags.longValue("latency-ms", 0);
		String dataset = flags.get("dataset");
		long parentPid = flags.longValue("parent-pid", 0);
		flags.rejectUnknown();
		ParentWatchdog.watch(parentPid);
		List<String> intents = (dataset != null) ? Banking77Data.load(Path.of(dataset)).intents()
				: List.of("card_arrival", "change_pin", "lost_or_stolen_card");
		MockLlm mock = new MockLlm(intents, latency);
		DisposableServer server = HttpServer.create().host(host).port(port).handle(mock::handle).bindNow();
		System.out.println("MockLlm listening on http://" + host + ":" + server.port() + " (default latency "
				+ latency + " ms, " + intents.size() + " intents)");
		server.onDispose().block();
	}

	Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String path = request.fullPath();
		if (request.method() == HttpMethod.POST && path.endsWith("/chat/completions")) {
			return complete(request, response);
		}
		if (request.method() == HttpMethod.GET && path.equals("/stats")) {
			String stats = "{\"calls\":" + this.calls.get() + ",\"in_flight\":" + this.inFlight.get()
					+ ",\"max_in_flight\":" + this.maxInFlight.get() + "}";
			return JsonResponses.send(response, HttpResponseStatus.OK, stats.getBytes(StandardCharsets.UTF_8));
		}
		if (request.method() == HttpMethod.POST && path.equals("/stats/reset")) {
			this.calls.set(0);
			this.maxInFlight.set(this.inFlight.get());
			return JsonResponses.send(response, HttpResponseStatus.OK,
					"{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
		}
		if (path.equals("/health")) {
			return JsonResponses.send(response, HttpResponseStatus.OK,
					"{\"healthy\":true}".getBytes(StandardCharsets.UTF_8));
		}
		return JsonResponses.send(response, HttpResponseStatus.NOT_FOUND,
				"{\"error\":{\"message\":\"not found\"}}".getBytes(StandardCharsets.UTF_8));
	}

	private Mono<Void> complete(HttpServerRequest request, HttpServerResponse response) {
		String uri = request.uri();
		byte[] answer = this.answers[Math.floorMod(uri.hashCode(), this.answers.length)];
		long latency = latencyOf(uri, this.defaultLatencyMillis);
		Mono<Void> body = request.receive().then();
		Mono<Void> waited = (latency > 0) ? body.then(Mono.delay(Duration.ofMillis(latency))).then() : body;
		return Mono.defer(() -> {
			this.calls.incrementAndGet();
			int now = this.inFlight.incrementAndGet();
			this.maxInFlight.accumulateAndGet(now, Math::max);
			return waited.then(JsonResponses.send(response, HttpResponseStatus.OK, answer))
				.doFinally((signal) -> this.inFlight.decrementAndGet());
		});
	}

	static long latencyOf(String uri, long defaultLatency) {
		int start = uri.indexOf(LATENCY_SEGMENT);
		if (start < 0) {
			return defaultLatency;
		}
		start += LATENCY_SEGMENT.length();
		int end = start;
		while (end < uri.length() && Character.isDigit(uri.charAt(end))) {
			end++;
		}
		return (end > start) ? Long.parseLong(uri.substring(start, end)) : defaultLatency;
	}

}
