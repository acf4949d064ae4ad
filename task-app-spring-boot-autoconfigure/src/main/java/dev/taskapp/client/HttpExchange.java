package dev.taskapp.client;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
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

	private static final byte[] NO_BODY = new byte[0];

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
		HttpClient client = this.httpClient.headers((headers) -> {
			headers.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
			if (json != null) {
				headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
				headers.setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
			}
			this.authHeaders.applyTo(headers, withApiKey);
		});
		String uri = this.baseUrl + request.target();
		HttpClient.ResponseReceiver<?> receiver = (json != null)
				? client.post().uri(uri).send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(json)))
				: client.get().uri(uri);
		Mono<RawResponse> answer = receiver.responseSingle((response, body) -> body.asByteArray()
			.defaultIfEmpty(NO_BODY)
			.map((bytes) -> new RawResponse(request, response.status().code(), bytes)));
		return answer.timeout(timeout, Mono.error(() -> timedOut(request, timeout)))
			.onErrorMap((ex) -> !(ex instanceof TransportFailure), (ex) -> failed(request, ex));
	}

	private TransportFailure timedOut(TaskAppRequest request, Duration timeout) {
		String description = "no answer within " + Durations.describe(timeout);
		return new TransportFailure(request, description, new TimeoutException(description));
	}

	private TransportFailure failed(TaskAppRequest request, Throwable ex) {
		Throwable cause = Exceptions.unwrap(ex);
		return new TransportFailure(request, this.redactor.redact(describe(cause)), cause);
	}

	private static String describe(Throwable ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage().strip() : null;
		if (message == null || message.isEmpty()) {
			return ex.getClass().getSimpleName();
		}
		if (ex instanceof UnknownHostException && !message.toLowerCase(Locale.ROOT).contains("resolve")) {
			return "failed to resolve " + message;
		}
		return message;
	}

}
