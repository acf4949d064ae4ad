package dev.taskapp.client;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.taskapp.support.JsonExchange;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Sends one request to a task app with Reactor Netty and reads the whole answer. Credentials
 * are added by {@link AuthHeaders}; a request that gets no answer within its timeout, or fails
 * below HTTP, ends with a {@link TransportFailure}.
 */
final class HttpExchange {

	private final HttpClient httpClient;

	private final String baseUrl;

	private final AuthHeaders authHeaders;

	private final SecretRedactor redactor;

	HttpExchange(HttpClient httpClient, String baseUrl, AuthHeaders authHeaders, SecretRedactor redactor) {
		this.httpClient = httpClient;
		this.baseUrl = baseUrl;
		this.authHeaders = authHeaders;
		this.redactor = redactor;
	}

	/**
	 * Sends a {@code GET}.
	 * @param request the request
	 * @param withApiKey whether to send the API key headers
	 * @param timeout how long to wait for the whole answer
	 * @return the answer
	 */
	Mono<RawResponse> get(TaskAppRequest request, boolean withApiKey, Duration timeout) {
		return exchange(request, null, withApiKey, timeout);
	}

	/**
	 * Sends a {@code POST} with a JSON body and the API key headers.
	 * @param request the request
	 * @param json the body
	 * @param timeout how long to wait for the whole answer
	 * @return the answer
	 */
	Mono<RawResponse> postJson(TaskAppRequest request, byte[] json, Duration timeout) {
		return exchange(request, json, true, timeout);
	}

	private Mono<RawResponse> exchange(TaskAppRequest request, byte @Nullable [] json, boolean withApiKey,
			Duration timeout) {
		Mono<RawResponse> answer = JsonExchange.send(this.httpClient, this.baseUrl + request.target(), json,
				(headers) -> this.authHeaders.applyTo(headers, withApiKey),
				(status, bytes) -> new RawResponse(request, status, bytes));
		return answer.timeout(timeout, Mono.error(() -> timedOut(request, timeout)))
			.onErrorMap((ex) -> !(ex instanceof TransportFailure), (ex) -> failed(request, ex));
	}

	private TransportFailure timedOut(TaskAppRequest request, Duration timeout) {
		String description = "no answer within " + Durations.describe(timeout);
		return new TransportFailure(request, description, new TimeoutException(description));
	}

	private TransportFailure failed(TaskAppRequest request, Throwable ex) {
		Throwable cause = Exceptions.unwrap(ex);
		return new TransportFailure(request, this.redactor.redact(JsonExchange.describeFailure(cause)), cause);
	}

}
