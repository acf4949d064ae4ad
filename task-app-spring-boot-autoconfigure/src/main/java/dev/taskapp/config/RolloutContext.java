package dev.taskapp.config;

import java.net.URI;

import dev.taskapp.contract.InferenceUrls;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.tracing.ChatCompletionsTracing;
import dev.taskapp.tracing.TraceRecorder;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RolloutHandler} is given: the validated request and what the starter derived
 * from it.
 */
public final class RolloutContext {

	private final RolloutRequest request;

	private final @Nullable String inferenceUrl;

	private final @Nullable URI chatCompletionsUri;

	private final @Nullable String traceCorrelationId;

	private final TraceRecorder traces;

	private RolloutContext(RolloutRequest request, @Nullable String inferenceUrl, @Nullable URI chatCompletionsUri,
			@Nullable String traceCorrelationId, TraceRecorder traces) {
		this.request = request;
		this.inferenceUrl = inferenceUrl;
		this.chatCompletionsUri = chatCompletionsUri;
		this.traceCorrelationId = traceCorrelationId;
		this.traces = traces;
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
		String inferenceUrl = request.policy().inferenceUrl();
		URI chatCompletionsUri = (inferenceUrl != null) ? InferenceUrls.chatCompletionsUri(inferenceUrl) : null;
		String correlationId = request.traceCorrelationId();
		if (correlationId == null || correlationId.isBlank()) {
			correlationId = InferenceUrls.correlationId(inferenceUrl);
		}
		TraceRecorder traces = (storeTraces || request.record().returnTrace())
				? TraceRecorder.create((chatCompletionsUri != null) ? chatCompletionsUri.toString() : null)
				: TraceRecorder.disabled();
		return new RolloutContext(request, inferenceUrl, chatCompletionsUri, correlationId, traces);
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
		return (this.chatCompletionsUri != null) ? this.chatCompletionsUri.toString() : null;
	}

	/**
	 * Returns the {@link #chatCompletionsUrl() chat-completions URL} as the starter parsed it
	 * when it validated the request; hand it to an HTTP client that takes a {@link URI} and the
	 * URL is not parsed again.
	 * @return the chat-completions URL, or {@code null} when the caller gave no inference URL
	 */
	public @Nullable URI chatCompletionsUri() {
		return this.chatCompletionsUri;
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
		return requireChatCompletionsUri().toString();
	}

	/**
	 * Returns the parsed chat-completions URL, or fails with a 400 that says it is missing.
	 * @return the chat-completions URL
	 * @throws TaskAppHttpException if the caller gave no inference URL
	 */
	public URI requireChatCompletionsUri() {
		if (this.chatCompletionsUri == null) {
			throw TaskAppHttpException.badRequest("missing_inference_url", "Missing inference_url in policy.config");
		}
		return this.chatCompletionsUri;
	}

	@Override
	public String toString() {
		return "RolloutContext[runId=" + this.request.runId() + ", traceCorrelationId=" + this.traceCorrelationId + "]";
	}

}
