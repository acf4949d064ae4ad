package dev.taskapp.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.RolloutHandler;
import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.contract.OutputMode;
import dev.taskapp.contract.RolloutMetrics;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.RolloutStep;
import dev.taskapp.contract.RolloutTrajectory;
import dev.taskapp.contract.ToolCall;
import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The rollout of the Banking77 task: picks the query of the request's seed and split, renders
 * the policy's prompt, asks the model at the request's inference URL to classify the query
 * with a {@code classify} tool call, and scores 1.0 for the right intent, else 0.0.
 * <p>
 * Request settings read from {@code policy.config}: {@code model} (default: the configured
 * model), {@code temperature} (default 0.0), {@code max_completion_tokens} or
 * {@code max_tokens} (default 512) and {@code prompt_template} (see {@link PromptRenderer};
 * default: {@link #DEFAULT_PROMPT}). {@code env.config.split} picks the split (default
 * {@code train}), {@code env.seed} or {@code env.config.seed} the query (default 0). With
 * {@code policy.output_mode} {@code text} no tool is offered and the answer text is parsed.
 * <p>
 * A model that answers without a usable {@code classify} call is scored, not failed: the intent
 * is then looked for in the answer text, and when none is found the step earns 0 and its
 * {@code info.error} says why. A model call that fails is a 502 (see
 * {@link ChatCompletionsClient}); a request that cannot be served as given is a 400.
 */
public final class Banking77Rollout implements RolloutHandler {

	/** The app id, the environment name and the prefix of every {@code env_id}. */
	public static final String TASK_ID = "banking77";

	/** Name of the tool the model answers with. */
	public static final String TOOL_NAME = "classify";

	/** Completion token budget when the policy sets none. */
	public static final int DEFAULT_MAX_COMPLETION_TOKENS = 512;

	/** The prompt used when the policy has no {@code prompt_template}. */
	public static final List<ChatMessage> DEFAULT_PROMPT = List.of(ChatMessage.system(
			"You are a banking customer-support assistant. Classify the customer's query into exactly one of"
					+ " these intents: {intents}. Answer with the intent name only."),
			ChatMessage.user("Customer query: {query}"));

	private static final JsonNode TOOL_CHOICE = TaskAppJson.mapper()
		.valueToTree(Map.of("type", "function", "function", Map.of("name", TOOL_NAME)));

	private final Banking77Dataset dataset;

	private final ChatCompletionsClient client;

	private final String defaultModel;

	private final String intentList;

	private final JsonNode classifyTool;

	/**
	 * Creates the rollout.
	 * @param dataset the data set the queries come from
	 * @param client the client of the model
	 * @param defaultModel the model used when the policy names none
	 */
	public Banking77Rollout(Banking77Dataset dataset, ChatCompletionsClient client, String defaultModel) {
		this.dataset = dataset;
		this.client = client;
		this.defaultModel = defaultModel;
		this.intentList = String.join(", ", dataset.intents());
		this.classifyTool = classifyTool(dataset.intents());
	}

	/**
	 * The tool definition never changes, so it is built once as a JSON tree, which is written
	 * faster than nested maps.
	 */
	private static JsonNode classifyTool(List<String> intents) {
		Map<String, Object> intent = Map.of("type", "string", "enum", intents, "description",
				"The intent of the customer query");
		Map<String, Object> parameters = Map.of("type", "object", "properties", Map.of("intent", intent), "required",
				List.of("intent"), "additionalProperties", false);
		return TaskAppJson.mapper()
			.valueToTree(Map.of("type", "function", "function", Map.of("name", TOOL_NAME, "description",
					"Record the intent of the customer's banking query", "parameters", parameters)));
	}

	@Override
	public Mono<RolloutResponse> rollout(RolloutContext context) {
		return Mono.defer(() -> {
			Episode episode = episode(context);
			// The body is not kept in the episode: it is no longer needed once it is sent.
			return this.client.complete(episode.url(), chatRequest(context, episode), context.traces())
				.map((completion) -> respond(context, episode, completion));
		});
	}

	/**
	 * Prepares the episode of a request: the example and the endpoint.
	 * @param context the rollout context
	 * @return the episode
	 * @throws TaskAppHttpException (400) if the request cannot be served as given
	 */
	Episode episode(RolloutContext context) {
		RolloutRequest request = context.request();
		String split = split(request.env().config());
		Integer requestedSeed = request.env().resolvedSeed();
		int seed = (requestedSeed != null) ? requestedSeed : 0;
		int index = this.dataset.index(split, seed);
		Banking77Dataset.Example example = this.dataset.split(split).get(index);
		String url = context.requireChatCompletionsUrl();
		String inferenceUrl = Objects.requireNonNull(context.inferenceUrl(), "inferenceUrl");
		return new Episode(split, seed, index, example, inferenceUrl, url);
	}

	/**
	 * Builds the chat-completions request body of an episode: the model, the rendered prompt,
	 * the sampling settings and, unless the policy answers in text, the {@code classify} tool.
	 * @param context the rollout context
	 * @param episode the episode
	 * @return the request body
	 * @throws TaskAppHttpException (400) if the policy's settings cannot be served as given
	 */
	Map<String, Object> chatRequest(RolloutContext context, Episode episode) {
		RolloutRequest request = context.request();
		Map<String, Object> policyConfig = request.policy().config();
		List<ChatMessage> messages = messages(policyConfig, episode.example());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", model(policyConfig));
		body.put("messages", messages);
		body.put("temperature", number(policyConfig, "temperature", 0.0).doubleValue());
		body.put("max_completion_tokens", maxCompletionTokens(policyConfig));
		if (request.policy().outputMode() != OutputMode.TEXT) {
			body.put("tools", List.of(this.classifyTool));
			body.put("tool_choice", TOOL_CHOICE);
		}
		return body;
	}

	private String split(Map<String, Object> envConfig) {
		Object split = envConfig.get("split");
		if (split == null) {
			return Banking77Dataset.TRAIN;
		}
		if (!(split instanceof String name) || !this.dataset.hasSplit(name)) {
			throw TaskAppHttpException.badRequest("invalid_split",
					"env.config.split must be one of " + this.dataset.splits() + ", got " + split);
		}
		return name;
	}

	private List<ChatMessage> messages(Map<String, Object> policyConfig, Banking77Dataset.Example example) {
		Map<String, String> fields = Map.of("query", example.text(), "intents", this.intentList);
		try {
			return PromptRenderer.render(policyConfig, fields)
				.orElseGet(() -> DEFAULT_PROMPT.stream()
					.map((message) -> new ChatMessage(message.role(),
							PromptRenderer.substitute(message.content(), fields)))
					.toList());
		}
		catch (IllegalArgumentException ex) {
			throw TaskAppHttpException.badRequest("invalid_prompt_template", ex.getMessage());
		}
	}

	private String model(Map<String, Object> policyConfig) {
		return (policyConfig.get("model") instanceof String model && !model.isBlank()) ? model.strip()
				: this.defaultModel;
	}

	private static int maxCompletionTokens(Map<String, Object> policyConfig) {
		String key = (policyConfig.get("max_completion_tokens") != null) ? "max_completion_tokens" : "max_tokens";
		Number tokens = number(policyConfig, key, DEFAULT_MAX_COMPLETION_TOKENS);
		if (tokens.doubleValue() < 1 || tokens.doubleValue() != Math.rint(tokens.doubleValue())) {
			throw TaskAppHttpException.badRequest("invalid_policy_config",
					"policy.config." + key + " must be a positive integer, got " + policyConfig.get(key));
		}
		return tokens.intValue();
	}

	private static Number number(Map<String, Object> policyConfig, String key, Number defaultValue) {
		Object value = policyConfig.get(key);
		if (value == null) {
			return defaultValue;
		}
		Number number = null;
		if (value instanceof Number given) {
			number = given;
		}
		else if (value instanceof String text) {
			try {
				number = Double.valueOf(text.strip());
			}
			catch (NumberFormatException ex) {
				// reported below
			}
		}
		if (number != null && Double.isFinite(number.doubleValue())) {
			return number;
		}
		throw TaskAppHttpException.badRequest("invalid_policy_config",
				"policy.config." + key + " must be a number, got " + value);
	}

	private RolloutResponse respond(RolloutContext context, Episode episode, ChatCompletion completion) {
		RolloutRequest request = context.request();
		String inferenceUrl = episode.inferenceUrl();
		Prediction prediction = predict(completion);
		String expected = episode.example().label();
		boolean correct = expected.equals(prediction.intent());
		double reward = correct ? 1.0 : 0.0;
		Map<String, Object> obs = new LinkedHashMap<>();
		obs.put("query", episode.example().text());
		obs.put("index", episode.index());
		obs.put("split", episode.split());
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("expected", expected);
		info.put("predicted", prediction.intent());
		info.put("correct", correct);
		info.put("meta", Map.of("inference_url", inferenceUrl));
		if (prediction.error() != null) {
			info.put("error", prediction.error());
		}
		RolloutStep step = RolloutStep.builder()
			.obs(obs)
			.toolCalls(completion.toolCalls())
			.reward(reward)
			.done(true)
			.info(info)
			.build();
		String envId = TASK_ID + "::" + episode.split() + "::" + episode.seed();
		String policyId = (request.policy().identity() != null) ? request.policy().identity() : "policy";
		return RolloutResponse.builder(request)
			.trajectory(RolloutTrajectory.of(envId, policyId, inferenceUrl, List.of(step)))
			.metrics(RolloutMetrics.ofSingleEpisode(reward, 1))
			.opsExecuted(1)
			.pipelineMetadata("inference_url", inferenceUrl)
			.traceCorrelationId(context.traceCorrelationId())
			.build();
	}

	/**
	 * Reads the model's prediction from its answer: the {@code intent} argument of its first
	 * {@code classify} call, else the longest intent name found in its text.
	 * @param completion the model's answer
	 * @return the prediction, with an error when there is none or the call was malformed
	 */
	Prediction predict(ChatCompletion completion) {
		List<String> otherCalls = new ArrayList<>();
		for (ToolCall call : completion.toolCalls()) {
			if (TOOL_NAME.equals(call.function().name())) {
				return fromArguments(call.function().arguments());
			}
			otherCalls.add(call.function().name());
		}
		String fromText = intentIn(completion.content());
		if (fromText != null) {
			return new Prediction(fromText, null);
		}
		String what = otherCalls.isEmpty() ? "made no " + TOOL_NAME + " call"
				: "called " + otherCalls + " instead of " + TOOL_NAME;
		return new Prediction(null, "The model " + what + " and its answer text names no known intent");
	}

	private static Prediction fromArguments(String arguments) {
		JsonNode node;
		try {
			node = TaskAppJson.mapper().readTree(arguments);
		}
		catch (JacksonException ex) {
			return new Prediction(null, "The " + TOOL_NAME + " arguments are not valid JSON: " + clip(arguments));
		}
		JsonNode intent = (node != null) ? node.path("intent") : null;
		if (intent == null || !intent.isString() || intent.stringValue().isBlank()) {
			return new Prediction(null,
					"The " + TOOL_NAME + " arguments have no string 'intent': " + clip(arguments));
		}
		return new Prediction(intent.stringValue().strip().toLowerCase(Locale.ROOT), null);
	}

	/**
	 * Returns the intent named in a text: the longest intent name found in it, compared
	 * case-insensitively (the earliest one among equally long names).
	 * @param text the text
	 * @return the intent, or {@code null} when the text names none
	 */
	@Nullable String intentIn(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String haystack = text.toLowerCase(Locale.ROOT);
		String best = null;
		int bestPosition = Integer.MAX_VALUE;
		for (String intent : this.dataset.intents()) {
			int position = haystack.indexOf(intent.toLowerCase(Locale.ROOT));
			if (position >= 0 && (best == null || intent.length() > best.length()
					|| (intent.length() == best.length() && position < bestPosition))) {
				best = intent;
				bestPosition = position;
			}
		}
		return best;
	}

	private static String clip(String text) {
		return (text.length() > 100) ? text.substring(0, 100) + "..." : text;
	}

	/**
	 * One prepared episode.
	 *
	 * @param split the split
	 * @param seed the seed
	 * @param index the example's position in the split
	 * @param example the example
	 * @param inferenceUrl the inference URL of the request, echoed in the response
	 * @param url the chat-completions URL
	 */
	record Episode(String split, int seed, int index, Banking77Dataset.Example example, String inferenceUrl,
			String url) {

	}

	/**
	 * What the model predicted.
	 *
	 * @param intent the predicted intent, {@code null} when there is none
	 * @param error why there is no prediction, or {@code null}
	 */
	record Prediction(@Nullable String intent, @Nullable String error) {

	}

}
