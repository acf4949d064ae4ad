package dev.taskapp.config;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.contract.InferenceUrls;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.tracing.ChatCompletionsTracing;
import dev.taskapp.tracing.TraceRecorder;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RolloutHandler} is given: the validated request and what the starter derived
 * from it.
 * <p>
 * A handler that serves both contracts reads the prompt through {@link #candidate(String)},
 * the model through {@link #policy()} and the row through {@link #task()}: under the container
 * contract they come from the request's {@code candidate}, typed {@code policy} and
 * {@code task}; under the task-app contract from {@code policy.config} (its
 * {@code candidate} object or {@code prompt_template}, {@code model} and
 * {@code inference_url}) and {@code env}. The {@link #request() request} is always the
 * task-app shape: a container request arrives translated into it.
 */
public final class RolloutContext {

	private final RolloutRequest request;

	private final @Nullable String inferenceUrl;

	private final @Nullable String chatCompletionsUrl;

	/** Parsed from {@link #chatCompletionsUrl} when first asked for. */
	private volatile @Nullable URI chatCompletionsUri;

	private final @Nullable String traceCorrelationId;

	private final TraceRecorder traces;

	/** The task app whose program and data set the task-app inputs are read with, if any. */
	private final @Nullable TaskAppConfig app;

	// The inputs below are read from the request when a handler first asks for them: most
	// handlers read only some of them, and a rollout holds its context until it is answered.

	private volatile @Nullable Map<String, String> candidate;

	private volatile @Nullable PolicyTarget policy;

	private volatile @Nullable Map<String, Object> task;

	private final boolean container;

	private RolloutContext(RolloutRequest request, @Nullable String inferenceUrl, @Nullable String chatCompletionsUrl,
			@Nullable String traceCorrelationId, TraceRecorder traces, @Nullable TaskAppConfig app,
			@Nullable Map<String, String> candidate, @Nullable PolicyTarget policy, @Nullable Map<String, Object> task,
			boolean container) {
		this.request = request;
		this.inferenceUrl = inferenceUrl;
		this.chatCompletionsUrl = chatCompletionsUrl;
		this.traceCorrelationId = traceCorrelationId;
		this.traces = traces;
		this.app = app;
		this.candidate = candidate;
		this.policy = policy;
		this.task = task;
		this.container = container;
	}

	/**
	 * Returns the context of the given request: the inference URL from
	 * {@code policy.config}, the chat-completions URL built from it, and the correlation id
	 * from the request or else from the inference URL. Its {@link #traces() recorder} records
	 * when the request sets {@code record.return_trace}.
	 * @param request the validated request
	 * @return the context
	 * @throws IllegalArgumentException if the inference URL cannot be turned into a
	 * chat-completions URL
	 */
	public static RolloutContext of(RolloutRequest request) {
		return of(request, false);
	}

	/**
	 * Returns the context of the given request, as {@link #of(RolloutRequest)} does.
	 * @param request the validated request
	 * @param storeTraces whether the task app stores every rollout's trace, so that the
	 * {@link #traces() recorder} records even when the request asks for no trace
	 * @return the context
	 * @throws IllegalArgumentException if the inference URL cannot be turned into a
	 * chat-completions URL
	 */
	public static RolloutContext of(RolloutRequest request, boolean storeTraces) {
		return of(request, storeTraces, (TaskAppConfig) null);
	}

	/**
	 * Returns the context of the given request, as {@link #of(RolloutRequest, boolean)} does,
	 * reading the candidate of the app's program from the {@code policy.config.prompt_template}
	 * sections of its modules' roles, and the task row from the app's data set by
	 * {@code env.config.split} (default: its first split) and the seed.
	 * @param request the validated request
	 * @param storeTraces whether the task app stores every rollout's trace
	 * @param app the task app, or {@code null}
	 * @return the context
	 * @throws IllegalArgumentException if the inference URL cannot be turned into a
	 * chat-completions URL
	 */
	public static RolloutContext of(RolloutRequest request, boolean storeTraces, @Nullable TaskAppConfig app) {
		String inferenceUrl = request.policy().inferenceUrl();
		// Parsed once, to validate it and find the correlation id; the rollout keeps the text,
		// which is all most clients need.
		InferenceUrls.Endpoint endpoint = (inferenceUrl != null) ? InferenceUrls.endpoint(inferenceUrl) : null;
		String chatCompletionsUrl = (endpoint != null) ? endpoint.chatCompletionsUri().toString() : null;
		String correlationId = request.traceCorrelationId();
		if (correlationId == null || correlationId.isBlank()) {
			correlationId = (endpoint != null) ? endpoint.correlationId() : null;
		}
		TraceRecorder traces = (storeTraces || request.record().returnTrace())
				? TraceRecorder.create(chatCompletionsUrl)
				: TraceRecorder.disabled();
		return new RolloutContext(request, inferenceUrl, chatCompletionsUrl, correlationId, traces, app, null, null,
				null, false);
	}

	private static PolicyTarget policyOf(RolloutRequest request, @Nullable String inferenceUrl) {
		Map<String, Object> policyConfig = request.policy().config();
		return new PolicyTarget(text(policyConfig.get("provider")), text(policyConfig.get("model")), inferenceUrl,
				text(policyConfig.get("api_family")), maxTokens(policyConfig));
	}

	private static Map<String, Object> taskOf(RolloutRequest request, @Nullable TaskDataset dataset) {
		Map<String, Object> task = new LinkedHashMap<>();
		if (request.env().resolvedSeed() != null) {
			task.put("seed", request.env().resolvedSeed());
		}
		if (request.env().config().get("split") instanceof String split) {
			task.put("split", split);
		}
		if (dataset != null && request.env().resolvedSeed() != null) {
			String split = (task.get("split") instanceof String name) ? name
					: dataset.splitSizes().keySet().iterator().next();
			if (dataset.hasSplit(split) && dataset.splitSizes().get(split) > 0) {
				task.putAll(dataset.row(split, request.env().resolvedSeed()));
			}
		}
		return Collections.unmodifiableMap(task);
	}

	/**
	 * Returns this context with the inputs of a container-contract request: its candidate,
	 * typed policy and task row. The container adapter calls it; handlers read the inputs.
	 * @param candidate the candidate, by field
	 * @param policy the policy target
	 * @param task the task row
	 * @return the context
	 */
	public RolloutContext withContainerInputs(Map<String, String> candidate, PolicyTarget policy,
			Map<String, Object> task) {
		return new RolloutContext(this.request, this.inferenceUrl, this.chatCompletionsUrl, this.traceCorrelationId,
				this.traces, this.app, Collections.unmodifiableMap(new LinkedHashMap<>(candidate)), policy,
				Collections.unmodifiableMap(new LinkedHashMap<>(task)), true);
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof String text && !text.isBlank()) ? text.strip() : null;
	}

	private static @Nullable Integer maxTokens(Map<String, Object> policyConfig) {
		for (String key : List.of("max_completion_tokens", "max_tokens")) {
			if (policyConfig.get(key) instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
				return number.intValue();
			}
		}
		return null;
	}

	/**
	 * Returns the text of a candidate field: the prompt an optimiser proposes for that part of
	 * the program. Under the container contract it is the request's {@code candidate} (with
	 * {@code candidate_overlay}), the seed candidate filling fields the request leaves out;
	 * under the task-app contract it is {@code policy.config.candidate.<field>}, else the
	 * {@code prompt_template} section of the field's module, else a string
	 * {@code policy.config.<field>}.
	 * @param field the candidate field, such as {@code system_prompt}
	 * @return the text, or {@code null} when the request carries none
	 */
	public @Nullable String candidate(String field) {
		String text = candidate().get(field);
		if (text == null && !this.container) {
			text = text(this.request.policy().config().get(field));
		}
		return text;
	}

	/**
	 * Returns every candidate field the request carries.
	 * @return the candidate, by field
	 */
	public Map<String, String> candidate() {
		Map<String, String> candidate = this.candidate;
		if (candidate == null) {
			TaskAppConfig app = this.app;
			candidate = TaskAppCandidates.read(this.request.policy().config(), (app != null) ? app.program() : null);
			this.candidate = candidate;
		}
		return candidate;
	}

	/**
	 * Returns the model the rollout calls: under the container contract the typed
	 * {@code policy}; under the task-app contract {@code policy.config}'s {@code provider},
	 * {@code model}, inference URL, {@code api_family} and token budget.
	 * @return the policy target
	 */
	public PolicyTarget policy() {
		PolicyTarget policy = this.policy;
		if (policy == null) {
			policy = policyOf(this.request, this.inferenceUrl);
			this.policy = policy;
		}
		return policy;
	}

	/**
	 * Returns the task row of the rollout: under the container contract the row of the
	 * request's {@code task} (or the data set row its task id names), under the task-app
	 * contract {@code seed} and {@code split} of {@code env}.
	 * @return the row, empty when the request names none
	 */
	public Map<String, Object> task() {
		Map<String, Object> task = this.task;
		if (task == null) {
			TaskAppConfig app = this.app;
			task = taskOf(this.request, (app != null) ? app.dataset() : null);
			this.task = task;
		}
		return task;
	}

	/**
	 * Returns whether the request came in under the container contract.
	 * @return whether it is a container rollout
	 */
	public boolean isContainerRollout() {
		return this.container;
	}

	/**
	 * Returns the request.
	 * @return the request
	 */
	public RolloutRequest request() {
		return this.request;
	}

	/**
	 * Returns the inference URL the caller gave in {@code policy.config} ({@code inference_url},
	 * {@code api_base} or {@code base_url}), unchanged; echo it in trajectories and metadata.
	 * @return the inference URL, or {@code null} when the caller gave none
	 */
	public @Nullable String inferenceUrl() {
		return this.inferenceUrl;
	}

	/**
	 * Returns the inference URL as a chat-completions endpoint, its query (with {@code ?cid=})
	 * kept: the URL to send the model call to.
	 * @return the chat-completions URL, or {@code null} when the caller gave no inference URL
	 */
	public @Nullable String chatCompletionsUrl() {
		return this.chatCompletionsUrl;
	}

	/**
	 * Returns the {@link #chatCompletionsUrl() chat-completions URL} parsed, for an HTTP client
	 * that takes a {@link URI}. It is parsed on the first call and kept; a client that takes the
	 * URL as text is better given {@link #chatCompletionsUrl()}, which the starter validated
	 * already.
	 * @return the chat-completions URL, or {@code null} when the caller gave no inference URL
	 */
	public @Nullable URI chatCompletionsUri() {
		URI uri = this.chatCompletionsUri;
		String url = this.chatCompletionsUrl;
		if (uri == null && url != null) {
			uri = URI.create(url);
			this.chatCompletionsUri = uri;
		}
		return uri;
	}

	/**
	 * Returns the trace correlation id: the request's, else the one in the inference URL.
	 * @return the correlation id, or {@code null} when there is none
	 */
	public @Nullable String traceCorrelationId() {
		return this.traceCorrelationId;
	}

	/**
	 * Returns the recorder of the rollout's LM calls: record each call (or let
	 * {@link ChatCompletionsTracing#exchangeFilter()} record the WebClient calls to the
	 * chat-completions URL) and the starter returns them as the response's {@code trace} when
	 * the request sets {@code record.return_trace}, and writes them to the trace store when
	 * {@code task-app.tracing} is enabled. When neither is the case the recorder ignores every
	 * call, at no cost.
	 * <pre class="code">
	 * Instant startedAt = Instant.now();
	 * // ... post body to chatCompletionsUrl(), read the answer ...
	 * context.traces().recordChatCompletion(body, answerJson, startedAt, Instant.now());
	 * </pre>
	 * @return the recorder
	 */
	public TraceRecorder traces() {
		return this.traces;
	}

	/**
	 * Returns the chat-completions URL, or fails with a 400 that says it is missing.
	 * @return the chat-completions URL
	 * @throws TaskAppHttpException if the caller gave no inference URL
	 */
	public String requireChatCompletionsUrl() {
		String url = this.chatCompletionsUrl;
		if (url == null) {
			throw missingInferenceUrl();
		}
		return url;
	}

	/**
	 * Returns the parsed chat-completions URL, or fails with a 400 that says it is missing.
	 * @return the chat-completions URL
	 * @throws TaskAppHttpException if the caller gave no inference URL
	 */
	public URI requireChatCompletionsUri() {
		URI uri = chatCompletionsUri();
		if (uri == null) {
			throw missingInferenceUrl();
		}
		return uri;
	}

	private static TaskAppHttpException missingInferenceUrl() {
		return TaskAppHttpException.badRequest("missing_inference_url", "Missing inference_url in policy.config");
	}

	@Override
	public String toString() {
		return "RolloutContext[runId=" + this.request.runId() + ", traceCorrelationId=" + this.traceCorrelationId + "]";
	}

}
