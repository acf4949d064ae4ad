package dev.taskapp.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The baseline: a hand-written Reactor Netty server doing the work of the sample's
 * {@code POST /rollout} with no framework. It checks the API key, reads the body once into a
 * Jackson tree, picks the Banking77 example of the seed and split, renders the prompt template
 * (sections sorted by {@code order}, {@code {query}} and {@code {intents}} substituted), builds
 * the same chat-completions body as the sample (model, messages, temperature,
 * {@code max_completion_tokens}, the {@code classify} tool and {@code tool_choice}), posts it to
 * the request's inference URL with the Reactor Netty {@link HttpClient} (the shared default
 * client, as the sample's {@code HttpClient.create()}), reads the intent from the tool call,
 * scores it, and answers the same {@code RolloutResponse} shape, every field present. Also
 * {@code GET /health} with the key.
 * <p>
 * Like the sample, it admits a fixed number of rollouts at once, counted from the key check to
 * the answer, and answers the others at once with 503, {@code Retry-After: 1} and a JSON body
 * stating the limit, without reading their bodies. The limit is {@code --max-in-flight}, or
 * when that is 0 the sample's default for the same heap ({@link #defaultLimit(long)}).
 * <p>
 * Not a conforming task app: validation is only what the happy path needs, and errors are
 * plain JSON bodies.
 * <p>
 * Flags: {@code --host=127.0.0.1 --port=0 --api-key=<key> --dataset=<dir or sample jar>
 * --model=gpt-4o-mini --llm-timeout=60s --h2c --max-in-flight=0 --parent-pid=<pid>}. Prints
 * {@code RawRolloutServer listening on http://host:port} when ready, and its limit.
 */
public final class RawRolloutServer {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

	private static final List<String> INFERENCE_URL_KEYS = List.of("inference_url", "api_base", "base_url");

	private static final List<String> CORRELATION_PREFIXES = List.of("trace_", "cid_", "eval_");

	private static final List<String> CORRELATION_KEYS = List.of("cid", "trace_correlation_id", "trace");

	private static final byte[] NO_BYTES = {};

	private static final String TOOL_NAME = "classify";

	private static final long HEAP_RESERVE_BYTES = 64L * 1024 * 1024;

	private static final long HEAP_PER_ROLLOUT_BYTES = 32L * 1024;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final Banking77Data data;

	private final byte[] apiKey;

	private final byte[] healthBody;

	private final String defaultModel;

	private final String intentList;

	private final ObjectNode classifyTool;

	private final ObjectNode toolChoice;

	private final HttpClient client;

	private final Duration llmTimeout;

	private final int maxInFlight;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final byte[] overloadedBody;

	RawRolloutServer(Banking77Data data, String apiKey, String defaultModel, Duration llmTimeout, int maxInFlight) {
		this.data = data;
		this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
		String prefix = apiKey.substring(0, Math.min(6, apiKey.length() / 4));
		this.healthBody = ("{\"healthy\":true,\"auth\":{\"required\":true,\"expected_prefix\":\"" + prefix + "...\"}}")
			.getBytes(StandardCharsets.UTF_8);
		this.defaultModel = defaultModel;
		this.intentList = String.join(", ", data.intents());
		this.classifyTool = classifyTool(this.mapper, data.intents());
		this.toolChoice = this.mapper.createObjectNode();
		this.toolChoice.put("type", "function");
		this.toolChoice.putObject("function").put("name", TOOL_NAME);
		this.llmTimeout = llmTimeout;
		this.maxInFlight = maxInFlight;
		this.overloadedBody = ("{\"detail\":{\"error\":{\"code\":\"overloaded\",\"message\":\"At most " + maxInFlight
				+ " rollouts at once; retry after 1 s\",\"limit\":" + maxInFlight + ",\"retry_after_s\":1}}}")
			.getBytes(StandardCharsets.UTF_8);
		this.client = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(llmTimeout.toMillis(), Integer.MAX_VALUE))
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON));
	}

	private static ObjectNode classifyTool(JsonMapper mapper, List<String> intents) {
		ObjectNode tool = mapper.createObjectNode();
		tool.put("type", "function");
		ObjectNode function = tool.putObject("function");
		function.put("name", TOOL_NAME);
		function.put("description", "Record the intent of the customer's banking query");
		ObjectNode parameters = function.putObject("parameters");
		parameters.put("type", "object");
		ObjectNode intent = parameters.putObject("properties").putObject("intent");
		intent.put("type", "string");
		ArrayNode values = intent.putArray("enum");
		intents.forEach(values::add);
		intent.put("description", "The intent of the customer query");
		parameters.putArray("required").add("intent");
		parameters.put("additionalProperties", false);
		return tool;
	}

	/**
	 * Starts the server.
	 * @param args the flags
	 */
	public static void main(String[] args) {
		Flags flags = new Flags(args);
		String host = flags.string("host", "127.0.0.1");
		int port = flags.integer("port", 0);
		String apiKey = flags.string("api-key", "");
		String dataset = flags.string("dataset", "sample-app/src/main/resources/banking77");
		String model = flags.string("model", "gpt-4o-mini");
		Duration timeout = flags.duration("llm-timeout", Duration.ofSeconds(60));
		boolean h2c = flags.bool("h2c", false);
		int maxInFlight = flags.integer("max-in-flight", 0);
		long parentPid = flags.longValue("parent-pid", 0);
		flags.rejectUnknown();
		if (apiKey.isEmpty()) {
			throw new IllegalArgumentException("--api-key is required");
		}
		ParentWatchdog.watch(parentPid);
		int limit = (maxInFlight > 0) ? maxInFlight : defaultLimit(Runtime.getRuntime().maxMemory());
		RawRolloutServer rollouts = new RawRolloutServer(Banking77Data.load(Path.of(dataset)), apiKey, model, timeout,
				limit);
		HttpServer server = HttpServer.create().host(host).port(port);
		if (h2c) {
			server = server.protocol(HttpProtocol.HTTP11, HttpProtocol.H2C);
		}
		DisposableServer bound = server.handle(rollouts::handle).bindNow();
		System.out.println("RawRolloutServer listening on http://" + host + ":" + bound.port() + (h2c ? " (h2c)" : "")
				+ ", at most " + limit + " rollouts in flight");
		bound.onDispose().block();
	}

	Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String path = request.fullPath();
		boolean rollout = path.equals("/rollout");
		if (!rollout && !path.equals("/health")) {
			return error(response, HttpResponseStatus.NOT_FOUND, "not_found", "Not Found");
		}
		if (!authorised(request)) {
			return error(response, HttpResponseStatus.UNAUTHORIZED, "unauthorised", "API key missing or invalid");
		}
		if (!rollout) {
			return (request.method() == HttpMethod.GET)
					? JsonResponses.send(response, HttpResponseStatus.OK, this.healthBody)
					: error(response, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Not Allowed");
		}
		if (request.method() != HttpMethod.POST) {
			return error(response, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Method Not Allowed");
		}
		if (!tryAcquire()) {
			response.header(HttpHeaderNames.RETRY_AFTER, "1");
			return JsonResponses.send(response, HttpResponseStatus.SERVICE_UNAVAILABLE, this.overloadedBody);
		}
		return request.receive()
			.aggregate()
			.asByteArray()
			.defaultIfEmpty(NO_BYTES)
			.flatMap(this::rollout)
			.onErrorResume(Failure.class, (failure) -> Mono.just(failure.answer(this.mapper)))
			.onErrorResume((ex) -> !(ex instanceof Failure),
					(ex) -> Mono.just(new Failure(500, "internal_error", String.valueOf(ex)).answer(this.mapper)))
			.doFinally((signal) -> this.inFlight.decrementAndGet())
			.flatMap((answer) -> JsonResponses.send(response, HttpResponseStatus.valueOf(answer.status()),
					answer.body()));
	}

	/**
	 * The sample's default limit for a heap ({@code RolloutAdmission.defaultLimit}):
	 * {@code (maxHeap - 64 MiB) / 32 KiB}, within 16 and 10,000.
	 * @param maxHeapBytes the heap
	 * @return the limit
	 */
	static int defaultLimit(long maxHeapBytes) {
		long limit = (maxHeapBytes - HEAP_RESERVE_BYTES) / HEAP_PER_ROLLOUT_BYTES;
		return (int) Math.max(16, Math.min(10_000, limit));
	}

	private boolean tryAcquire() {
		for (;;) {
			int current = this.inFlight.get();
			if (current >= this.maxInFlight) {
				return false;
			}
			if (this.inFlight.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	private boolean authorised(HttpServerRequest request) {
		String key = request.requestHeaders().get("X-API-Key");
		if (key == null) {
			String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
			if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
				key = authorization.substring(7).strip();
			}
		}
		return key != null && MessageDigest.isEqual(this.apiKey, key.strip().getBytes(StandardCharsets.UTF_8));
	}

	Mono<Answer> rollout(byte[] body) {
		Episode episode = episode(body);
		byte[] json = this.mapper.writeValueAsBytes(episode.chatRequest());
		return this.client.post()
			.uri(episode.chatUrl())
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(json)))
			.responseSingle((response, content) -> content.asByteArray()
				.defaultIfEmpty(NO_BYTES)
				.map((bytes) -> new Answer(response.status().code(), bytes)))
			.take(this.llmTimeout)
			.switchIfEmpty(Mono.error(TimeoutException::new))
			.onErrorMap((ex) -> !(ex instanceof Failure), (ex) -> new Failure(502, "upstream_error",
					(ex instanceof TimeoutException) ? "LLM did not answer in time" : "LLM call failed: " + ex))
			.map((answer) -> respond(episode, answer));
	}

	private Episode episode(byte[] body) {
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new Failure(422, "json_invalid", "JSON decode error");
		}
		if (root == null || !root.isObject() || !root.path("run_id").isString() || !root.path("env").isObject()
				|| !root.path("policy").isObject()) {
			throw new Failure(422, "missing", "run_id, env and policy are required");
		}
		JsonNode env = root.path("env");
		JsonNode envConfig = env.path("config");
		JsonNode policy = root.path("policy");
		JsonNode policyConfig = policy.path("config");
		String split = envConfig.path("split").isString() ? envConfig.path("split").stringValue() : "train";
		List<Banking77Data.Example> examples = this.data.splits().get(split);
		if (examples == null) {
			throw new Failure(400, "invalid_split", "env.config.split must be one of " + Banking77Data.SPLITS);
		}
		JsonNode seedNode = env.path("seed").isNumber() ? env.path("seed") : envConfig.path("seed");
		int seed = seedNode.isNumber() ? seedNode.intValue() : 0;
		int index = Math.floorMod(seed, examples.size());
		Banking77Data.Example example = examples.get(index);
		String inferenceUrl = null;
		for (String key : INFERENCE_URL_KEYS) {
			JsonNode value = policyConfig.path(key);
			if (value.isString() && !value.stringValue().isBlank()) {
				inferenceUrl = value.stringValue().strip();
				break;
			}
		}
		if (inferenceUrl == null) {
			throw new Failure(400, "missing_inference_url", "Missing inference_url in policy.config");
		}
		String correlationId = root.path("trace_correlation_id").isString()
				? root.path("trace_correlation_id").stringValue() : correlationId(inferenceUrl);
		ObjectNode chat = this.mapper.createObjectNode();
		chat.put("model", policyConfig.path("model").isString() ? policyConfig.path("model").stringValue().strip()
				: this.defaultModel);
		ArrayNode messages = chat.putArray("messages");
		for (String[] message : messages(policyConfig.path("prompt_template"), example.text())) {
			messages.addObject().put("role", message[0]).put("content", message[1]);
		}
		chat.put("temperature", policyConfig.path("temperature").isNumber()
				? policyConfig.path("temperature").doubleValue() : 0.0);
		JsonNode tokens = policyConfig.path("max_completion_tokens").isNumber()
				? policyConfig.path("max_completion_tokens") : policyConfig.path("max_tokens");
		chat.put("max_completion_tokens", tokens.isNumber() ? tokens.intValue() : 512);
		if (!"text".equals(policy.path("output_mode").asString(""))) {
			chat.putArray("tools").add(this.classifyTool);
			chat.set("tool_choice", this.toolChoice);
		}
		String policyId = policy.path("policy_id").isString() ? policy.path("policy_id").stringValue()
				: policy.path("policy_name").isString() ? policy.path("policy_name").stringValue() : "policy";
		return new Episode(root.path("run_id").stringValue(), split, seed, index, example, inferenceUrl,
				chatCompletionsUrl(inferenceUrl), correlationId, policyId, chat);
	}

	private List<String[]> messages(JsonNode template, String query) {
		Map<String, String> fields = Map.of("query", query, "intents", this.intentList);
		JsonNode sections = template.path("prompt_sections");
		if (!sections.isArray()) {
			sections = template.path("sections");
		}
		List<String[]> messages = new ArrayList<>();
		if (!sections.isArray() || sections.isEmpty()) {
			messages.add(new String[] { "system",
					substitute("You are a banking customer-support assistant. Classify the customer's query into"
							+ " exactly one of these intents: {intents}. Answer with the intent name only.", fields) });
			messages.add(new String[] { "user", substitute("Customer query: {query}", fields) });
			return messages;
		}
		List<JsonNode> ordered = new ArrayList<>();
		sections.forEach(ordered::add);
		ordered.sort(Comparator.comparingLong((section) -> section.path("order").asLong(0)));
		for (JsonNode section : ordered) {
			JsonNode text = section.path("content").isString() ? section.path("content") : section.path("pattern");
			messages.add(new String[] { section.path("role").asString("user"), substitute(text.asString(""), fields) });
		}
		return messages;
	}

	private static String substitute(String text, Map<String, String> values) {
		Matcher matcher = PLACEHOLDER.matcher(text);
		StringBuilder result = new StringBuilder(text.length() + 64);
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			matcher.appendReplacement(result, Matcher.quoteReplacement((value != null) ? value : matcher.group()));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	static String chatCompletionsUrl(String inferenceUrl) {
		int query = inferenceUrl.indexOf('?');
		String path = (query < 0) ? inferenceUrl : inferenceUrl.substring(0, query);
		String tail = (query < 0) ? "" : inferenceUrl.substring(query);
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		if (path.endsWith("/chat/completions")) {
			return path + tail;
		}
		if (path.endsWith("/v1") || path.contains("/v1/")) {
			return path + "/chat/completions" + tail;
		}
		if (path.endsWith("/chat")) {
			return path + "/completions" + tail;
		}
		return path + "/v1/chat/completions" + tail;
	}

	static @Nullable String correlationId(String inferenceUrl) {
		int query = inferenceUrl.indexOf('?');
		String path = (query < 0) ? inferenceUrl : inferenceUrl.substring(0, query);
		for (String segment : path.split("/")) {
			for (String prefix : CORRELATION_PREFIXES) {
				if (segment.startsWith(prefix) && segment.length() > prefix.length()) {
					return segment;
				}
			}
		}
		if (query >= 0) {
			for (String pair : inferenceUrl.substring(query + 1).split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0 && CORRELATION_KEYS.contains(pair.substring(0, equals))) {
					return pair.substring(equals + 1);
				}
			}
		}
		return null;
	}

	private Answer respond(Episode episode, Answer llm) {
		if (llm.status() < 200 || llm.status() >= 300) {
			throw new Failure(502, "upstream_error", "LLM answered " + llm.status());
		}
		JsonNode message;
		try {
			message = this.mapper.readTree(llm.body()).path("choices").path(0).path("message");
		}
		catch (JacksonException ex) {
			throw new Failure(502, "upstream_error", "LLM answered a body that is not JSON");
		}
		if (!message.isObject()) {
			throw new Failure(502, "upstream_error", "LLM answered no choices[0].message");
		}
		ArrayNode toolCalls = this.mapper.createArrayNode();
		String predicted = null;
		String error = null;
		boolean classified = false;
		JsonNode calls = message.path("tool_calls");
		for (int i = 0; i < calls.size(); i++) {
			JsonNode call = calls.path(i);
			JsonNode function = call.path("function");
			String name = function.path("name").asString("");
			String arguments = function.path("arguments").isString() ? function.path("arguments").stringValue()
					: function.path("arguments").isObject() ? this.mapper.writeValueAsString(function.path("arguments"))
							: "";
			ObjectNode recorded = toolCalls.addObject();
			recorded.put("id", call.path("id").isString() ? call.path("id").stringValue() : "call_" + i);
			recorded.put("type", "function");
			recorded.putObject("function").put("name", name).put("arguments", arguments);
			if (!classified && TOOL_NAME.equals(name)) {
				classified = true;
				try {
					JsonNode intent = this.mapper.readTree(arguments).path("intent");
					if (intent.isString() && !intent.stringValue().isBlank()) {
						predicted = intent.stringValue().strip().toLowerCase(Locale.ROOT);
					}
					else {
						error = "The classify arguments have no string 'intent'";
					}
				}
				catch (JacksonException ex) {
					error = "The classify arguments are not valid JSON";
				}
			}
		}
		if (!classified) {
			predicted = intentIn(message.path("content").asString(""));
			error = (predicted != null) ? null : "The model made no classify call and its answer names no intent";
		}
		String expected = episode.example().label();
		boolean correct = expected.equals(predicted);
		double reward = correct ? 1.0 : 0.0;
		return new Answer(200, this.mapper.writeValueAsBytes(response(episode, toolCalls, predicted, error, correct,
				reward)));
	}

	private ObjectNode response(Episode episode, ArrayNode toolCalls, @Nullable String predicted,
			@Nullable String error, boolean correct, double reward) {
		ObjectNode root = this.mapper.createObjectNode();
		root.put("run_id", episode.runId());
		ObjectNode trajectory = root.putArray("trajectories").addObject();
		trajectory.put("env_id", "banking77::" + episode.split() + "::" + episode.seed());
		trajectory.put("policy_id", episode.policyId());
		ObjectNode step = trajectory.putArray("steps").addObject();
		ObjectNode obs = step.putObject("obs");
		obs.put("query", episode.example().text());
		obs.put("index", episode.index());
		obs.put("split", episode.split());
		step.set("tool_calls", toolCalls);
		step.put("reward", reward);
		step.put("done", true);
		step.putNull("truncated");
		ObjectNode info = step.putObject("info");
		info.put("expected", episode.example().label());
		info.put("predicted", predicted);
		info.put("correct", correct);
		info.putObject("meta").put("inference_url", episode.inferenceUrl());
		if (error != null) {
			info.put("error", error);
		}
		step.putNull("output");
		step.putNull("output_mode");
		trajectory.putNull("final");
		trajectory.put("length", 1);
		trajectory.put("inference_url", episode.inferenceUrl());
		trajectory.putNull("trace");
		trajectory.putNull("decision_samples");
		root.putObject("branches");
		ObjectNode metrics = root.putObject("metrics");
		metrics.putArray("episode_returns").add(reward);
		metrics.put("mean_return", reward);
		metrics.put("num_steps", 1);
		metrics.put("num_episodes", 1);
		metrics.put("outcome_score", reward);
		metrics.putNull("events_score");
		metrics.putObject("details");
		root.put("aborted", false);
		root.put("ops_executed", 1);
		root.put("trace_correlation_id", episode.correlationId());
		root.putNull("trace");
		root.putObject("pipeline_metadata").put("inference_url", episode.inferenceUrl());
		return root;
	}

	private @Nullable String intentIn(String text) {
		if (text.isBlank()) {
			return null;
		}
		String haystack = text.toLowerCase(Locale.ROOT);
		String best = null;
		for (String intent : this.data.intents()) {
			if (haystack.contains(intent) && (best == null || intent.length() > best.length())) {
				best = intent;
			}
		}
		return best;
	}

	private Mono<Void> error(HttpServerResponse response, HttpResponseStatus status, String code, String message) {
		Answer answer = new Failure(status.code(), code, message).answer(this.mapper);
		return JsonResponses.send(response, status, answer.body());
	}

	record Episode(String runId, String split, int seed, int index, Banking77Data.Example example,
			String inferenceUrl, String chatUrl, @Nullable String correlationId, String policyId,
			ObjectNode chatRequest) {

	}

	record Answer(int status, byte[] body) {

	}

	/**
	 * A request that ends with an error status.
	 */
	static final class Failure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int status;

		private final String code;

		Failure(int status, String code, String message) {
			super(message, null, false, false);
			this.status = status;
			this.code = code;
		}

		Answer answer(JsonMapper mapper) {
			ObjectNode root = mapper.createObjectNode();
			ObjectNode error = root.putObject("detail").putObject("error");
			error.put("code", this.code);
			error.put("message", getMessage());
			return new Answer(this.status, mapper.writeValueAsBytes(root));
		}

	}

}
