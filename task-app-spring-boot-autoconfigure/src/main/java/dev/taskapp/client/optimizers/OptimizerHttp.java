package dev.taskapp.client.optimizers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.taskapp.support.JsonExchange;
import dev.taskapp.support.TaskAppJson;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Sends the requests of a {@link HostedOptimizerClient} with Reactor Netty: whole JSON or
 * NDJSON answers, and server-sent-event streams. Every request carries the Synth API key as
 * {@code Authorization: Bearer}, as {@code hosted.py} sends it. Error statuses, unreadable
 * bodies and transport failures become {@link HostedOptimizerException}s with redacted
 * messages.
 */
final class OptimizerHttp {

	static final int MAX_DETAIL_LENGTH = 300;

	/** Shortest silence after which an open event stream counts as dropped, as {@code hosted.py} reads. */
	static final Duration MIN_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(20);

	private static final byte[] NO_BODY = new byte[0];

	private final HttpClient httpClient;

	private final String baseUrl;

	private final String apiKey;

	private final Duration timeout;

	OptimizerHttp(HttpClient httpClient, String baseUrl, String apiKey, Duration timeout) {
		this.httpClient = httpClient;
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
		this.timeout = timeout;
	}

	/**
	 * Sends a request and reads the whole answer, failing on a status other than 2xx.
	 * @param method {@code GET} or {@code POST}
	 * @param path the path, such as {@code /api/v1/optimizers/runs}
	 * @param query the query without {@code '?'}, empty for none
	 * @param json the body of a {@code POST}, or {@code null}
	 * @param mask the redaction of every secret of the call
	 * @return the body, empty when there was none
	 */
	Mono<byte[]> exchange(String method, String path, String query, byte @Nullable [] json, SecretMask mask) {
		String request = method + " " + path;
		String uri = this.baseUrl + path + (query.isEmpty() ? "" : "?" + query);
		return JsonExchange
			.send(this.httpClient, uri, json,
					(headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + this.apiKey),
					(status, bytes) -> requireSuccess(request, status, bytes, mask))
			.timeout(this.timeout, Mono.error(() -> noAnswer(request, "no answer within " + this.timeout.toMillis()
					+ "ms", null)))
			.onErrorMap((ex) -> !(ex instanceof HostedOptimizerException),
					(ex) -> noAnswer(request, mask.apply(JsonExchange.describeFailure(Exceptions.unwrap(ex))), ex));
	}

	/**
	 * Opens a server-sent-event stream and emits the data of its events as they arrive. A
	 * stream silent for longer than the request timeout, and at least
	 * {@link #MIN_STREAM_IDLE_TIMEOUT}, ends with a retryable failure (keep-alive comments
	 * count as activity).
	 * @param path the path
	 * @param query the query without {@code '?'}
	 * @param mask the redaction of every secret of the call
	 * @return the data of each event; completes when the server closes the stream
	 */
	Flux<String> stream(String path, String query, SecretMask mask) {
		HttpClient client = this.httpClient.headers((headers) -> {
			headers.set(HttpHeaderNames.ACCEPT, "text/event-stream");
			headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + this.apiKey);
		});
		String request = "GET " + path;
		return client.get().uri(this.baseUrl + path + "?" + query).response((response, body) -> {
			int status = response.status().code();
			if (status < 200 || status >= 300) {
				return body.aggregate()
					.asByteArray()
					.defaultIfEmpty(NO_BODY)
					.flatMapMany((bytes) -> Flux.error(httpError(request, status, bytes, mask)));
			}
			SseDecoder decoder = new SseDecoder();
			Duration idle = (this.timeout.compareTo(MIN_STREAM_IDLE_TIMEOUT) > 0) ? this.timeout : MIN_STREAM_IDLE_TIMEOUT;
			return body.asByteArray()
				.timeout(idle)
				.concatMapIterable(decoder::feed)
				.concatWith(Flux.defer(() -> Flux.fromIterable(decoder.finish())));
		})
			.onErrorMap((ex) -> !(ex instanceof HostedOptimizerException),
					(ex) -> noAnswer(request, mask.apply(JsonExchange.describeFailure(Exceptions.unwrap(ex))), ex));
	}

	private byte[] requireSuccess(String request, int status, byte[] body, SecretMask mask) {
		if (status >= 200 && status < 300) {
			return body;
		}
		throw httpError(request, status, body, mask);
	}

	private HostedOptimizerException httpError(String request, int status, byte[] body, SecretMask mask) {
		String detail = detail(body, mask);
		String suffix = (detail != null) ? ": " + detail : "";
		String message = (status == 401)
				? "Synth API key rejected by " + this.baseUrl + " (" + request + " answered 401" + suffix
						+ "); check SYNTH_API_KEY"
				: "Synth backend " + this.baseUrl + " answered " + request + " with " + status
						+ ((detail != null) ? suffix : " and no error detail");
		return new HostedOptimizerException(message, status, detail, status == 429 || status >= 500, null);
	}

	/**
	 * Returns the exception of a 2xx answer whose body is not what was expected.
	 * @param request the request, such as {@code GET /api/v1/optimizers/runs/r1}
	 * @param reason what is wrong
	 * @return the exception
	 */
	HostedOptimizerException invalid(String request, String reason) {
		return new HostedOptimizerException(
				"Synth backend " + this.baseUrl + " answered " + request + ", but the body was unexpected: " + reason,
				HostedOptimizerException.NO_STATUS, null, false, null);
	}

	private HostedOptimizerException noAnswer(String request, String description, @Nullable Throwable cause) {
		return new HostedOptimizerException(
				"Synth backend " + this.baseUrl + " did not answer " + request + ": " + description,
				HostedOptimizerException.NO_STATUS, null, true, (cause != null) ? Exceptions.unwrap(cause) : null);
	}

	/**
	 * Reads the error detail of a body: FastAPI's {@code detail} (a string, or serialised),
	 * {@code error.message}, {@code message}, else the start of the text; always redacted.
	 */
	private static @Nullable String detail(byte[] body, SecretMask mask) {
		String text = new String(body, StandardCharsets.UTF_8).strip();
		if (text.isEmpty()) {
			return null;
		}
		String message = text;
		if (text.startsWith("{")) {
			try {
				JsonNode json = TaskAppJson.mapper().readTree(text);
				JsonNode detail = json.path("detail");
				if (detail.isString()) {
					message = detail.stringValue();
				}
				else if (json.path("error").path("message").isString()) {
					message = json.path("error").path("message").stringValue();
				}
				else if (json.path("message").isString()) {
					message = json.path("message").stringValue();
				}
				else if (!detail.isMissingNode()) {
					message = detail.toString();
				}
			}
			catch (JacksonException ex) {
				// not JSON after all: the text itself is the detail
			}
		}
		return mask.applyAndLimit(message, MAX_DETAIL_LENGTH);
	}

	/**
	 * Decodes a JSON object.
	 * @param request the request, for messages
	 * @param body the body
	 * @return the object
	 */
	Map<String, Object> object(String request, byte[] body) {
		if (body.length == 0) {
			throw invalid(request, "it was empty");
		}
		Object value;
		try {
			value = TaskAppJson.mapper().readValue(body, Object.class);
		}
		catch (JacksonException ex) {
			throw invalid(request, "it is not JSON");
		}
		Map<String, Object> object = JsonValues.asMap(value);
		if (object == null) {
			throw invalid(request, "expected a JSON object");
		}
		return object;
	}

	String baseUrl() {
		return this.baseUrl;
	}

}
