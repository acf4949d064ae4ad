package dev.taskapp.client;

import java.time.Duration;
import java.util.Map;

import dev.taskapp.support.JsonExchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Sends one request to the Synth backend with Reactor Netty and reads the whole answer. Every
 * request carries the Synth API key as {@code X-API-Key} (as the SDK's submit and job-control
 * calls send it) and as {@code Authorization: Bearer} (as its pollers send it). A request that
 * gets no answer within the timeout, or fails below HTTP, ends with a retryable
 * {@link PromptLearningJobException}.
 */
final class BackendExchange {

	static final String API_KEY_HEADER = "X-API-Key";

	private final HttpClient httpClient;

	private final String apiBase;

	private final String apiKey;

	private final Duration timeout;

	BackendExchange(HttpClient httpClient, String apiBase, String apiKey, Duration timeout) {
		this.httpClient = httpClient;
		this.apiBase = apiBase;
		this.apiKey = apiKey;
		this.timeout = timeout;
	}

	/**
	 * Sends a {@code GET}.
	 * @param path the path relative to the API base
	 * @param query the query string without {@code '?'}, empty for none
	 * @param redactor the redactor of every secret of the call
	 * @return the answer
	 */
	Mono<BackendResponse> get(String path, String query, SecretRedactor redactor) {
		return exchange("GET", path, query, null, Map.of(), redactor);
	}

	/**
	 * Sends a {@code POST} with a JSON body.
	 * @param path the path relative to the API base
	 * @param json the body
	 * @param headers further headers, such as the SynthTunnel worker token
	 * @param redactor the redactor of every secret of the call
	 * @return the answer
	 */
	Mono<BackendResponse> postJson(String path, byte[] json, Map<String, String> headers, SecretRedactor redactor) {
		return exchange("POST", path, "", json, headers, redactor);
	}

	private Mono<BackendResponse> exchange(String method, String path, String query, byte @Nullable [] json,
			Map<String, String> extraHeaders, SecretRedactor redactor) {
		String uri = this.apiBase + path + (query.isEmpty() ? "" : "?" + query);
		Mono<BackendResponse> answer = JsonExchange.send(this.httpClient, uri, json, (headers) -> {
			headers.set(API_KEY_HEADER, this.apiKey);
			headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + this.apiKey);
			extraHeaders.forEach(headers::set);
		}, (status, bytes) -> new BackendResponse(method, path, status, bytes));
		return answer
			.timeout(this.timeout,
					Mono.error(() -> noAnswer(method, path, "no answer within " + Durations.describe(this.timeout),
							null)))
			.onErrorMap((ex) -> !(ex instanceof PromptLearningJobException), (ex) -> noAnswer(method, path,
					redactor.redact(JsonExchange.describeFailure(Exceptions.unwrap(ex))), ex));
	}

	private PromptLearningJobException noAnswer(String method, String path, String description,
			@Nullable Throwable cause) {
		return new PromptLearningJobException(
				"Synth backend " + this.apiBase + " did not answer " + method + " " + path + ": " + description,
				PromptLearningJobException.NO_STATUS, null, true, (cause != null) ? Exceptions.unwrap(cause) : null);
	}

}
