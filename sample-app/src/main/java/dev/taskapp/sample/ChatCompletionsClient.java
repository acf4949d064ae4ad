package dev.taskapp.sample;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tracing.TraceRecorder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.core.env.PropertyResolver;

/**
 * Calls a chat-completions endpoint with the Reactor Netty {@link HttpClient}, without
 * blocking. Only the headers this class sets are sent: {@code Content-Type},
 * {@code Accept} and, for a vendor's own host, that vendor's key (see {@link VendorKeys}) —
 * never anything of the incoming task-app request.
 * <p>
 * Every failure is a {@link TaskAppHttpException#upstream(String) 502} whose message names the
 * host and the cause: an error status (with the start of the body), a connection failure (in
 * plain words; the exception itself is logged), a timeout, or a body that is not a
 * chat-completions answer. A busy LLM's 429 or 503 is passed on as the same status (code
 * {@code upstream_busy}), so the optimiser retries later.
 */
public final class ChatCompletionsClient {

	private static final Log logger = LogFactory.getLog(ChatCompletionsClient.class);

	private static final int BODY_EXCERPT_LENGTH = 200;

	private static final byte[] NO_BYTES = {};

	private final HttpClient httpClient;

	private final Duration timeout;

	private final PropertyResolver environment;

	/**
	 * Creates a client.
	 * @param httpClient the HTTP client to derive the calls from
	 * @param timeout longest time one call may take, connecting included
	 * @param environment where vendor keys are read from
	 */
	public ChatCompletionsClient(HttpClient httpClient, Duration timeout, PropertyResolver environment) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive, got " + timeout);
		}
		this.httpClient = httpClient
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE))
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON));
		this.timeout = timeout;
		this.environment = environment;
	}

	/**
	 * Posts a chat-completions request.
	 * @param url the chat-completions URL, query (such as {@code ?cid=}) included
	 * @param body the request body, written as JSON
	 * @return the first choice of the answer; a {@link TaskAppHttpException} with status 502
	 * when the call fails
	 */
	public Mono<ChatCompletion> complete(String url, Map<String, Object> body) {
		return complete(url, body, TraceRecorder.disabled());
	}

	/**
	 * Posts a chat-completions request and records the call in the rollout's trace.
	 * @param url the chat-completions URL, query (such as {@code ?cid=}) included
	 * @param body the request body, written as JSON
	 * @param traces the rollout's trace recorder
	 * @return the first choice of the answer; a {@link TaskAppHttpException} with status 502
	 * when the call fails
	 */
	public Mono<ChatCompletion> complete(String url, Map<String, Object> body, TraceRecorder traces) {
		return Mono.defer(() -> complete(URI.create(url), body, traces));
	}

	/**
	 * Posts a chat-completions request to a parsed URL, such as
	 * {@link dev.taskapp.config.RolloutContext#requireChatCompletionsUri()}, and records the call
	 * in the rollout's trace.
	 * @param uri the chat-completions URL, query (such as {@code ?cid=}) included
	 * @param body the request body, written as JSON
	 * @param traces the rollout's trace recorder
	 * @return the first choice of the answer; a {@link TaskAppHttpException} with status 502
	 * when the call fails
	 */
	public Mono<ChatCompletion> complete(URI uri, Map<String, Object> body, TraceRecorder traces) {
		return Mono.defer(() -> {
			Instant startedAt = traces.isRecording() ? Instant.now() : Instant.EPOCH;
			String host = hostOf(uri);
			byte[] json = TaskAppJson.mapper().writeValueAsBytes(body);
			// Only a recorded call needs the request body once it is written: the model may
			// take seconds, and the body would be held that long for every call in flight.
			Map<String, Object> recordedBody = traces.isRecording() ? body : null;
			String authorization = VendorKeys.authorizationFor(uri, this.environment);
			HttpClient client = (authorization != null)
					? this.httpClient.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, authorization))
					: this.httpClient;
			return client.post()
				// as text: a URI given to the client is held with the exchange until the answer
				.uri(uri.toString())
				.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(json)))
				.responseSingle((response, content) -> content.asByteArray()
					.defaultIfEmpty(NO_BYTES)
					.map((bytes) -> new Answer(response.status().code(), bytes)))
				// take + switchIfEmpty rather than timeout(): timeout() describes the whole
				// upstream chain on every subscription
				.take(this.timeout)
				.switchIfEmpty(Mono.error(TimeoutException::new))
				.onErrorMap((ex) -> !(ex instanceof TaskAppHttpException), (ex) -> failure(host, ex))
				.map((answer) -> {
					ChatCompletion completion = read(host, answer);
					if (recordedBody != null) {
						traces.recordChatCompletion(recordedBody, answer.body(), startedAt, Instant.now());
					}
					return completion;
				});
		});
	}

	/**
	 * Returns the configured timeout of one call.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	private TaskAppHttpException failure(String host, Throwable ex) {
		if (ex instanceof TimeoutException) {
			return TaskAppHttpException.upstream("LLM at " + host + " did not answer within " + format(this.timeout));
		}
		Throwable cause = (ex.getCause() instanceof ConnectException) ? ex.getCause() : ex;
		String what = (cause instanceof ConnectException || cause instanceof UnknownHostException)
				? " could not be reached: " : " failed: ";
		logger.warn("LLM call to " + host + " failed", cause);
		return TaskAppHttpException.upstream("LLM at " + host + what + describe(cause));
	}

	private static ChatCompletion read(String host, Answer answer) {
		if (answer.status() == 429 || answer.status() == 503) {
			throw new TaskAppHttpException(answer.status(), "upstream_busy", "LLM at " + host + " answered "
					+ answer.status() + " (busy; retry later): " + excerpt(answer.body()), Map.of());
		}
		if (answer.status() < 200 || answer.status() >= 300) {
			throw TaskAppHttpException
				.upstream("LLM at " + host + " answered " + answer.status() + ": " + excerpt(answer.body()));
		}
		JsonNode root;
		try {
			root = TaskAppJson.mapper().readTree(answer.body());
		}
		catch (JacksonException ex) {
			throw TaskAppHttpException.upstream("LLM at " + host + " answered " + answer.status()
					+ " with a body that is not JSON: " + excerpt(answer.body()));
		}
		try {
			return ChatCompletion.parse(root);
		}
		catch (IllegalArgumentException ex) {
			throw TaskAppHttpException.upstream("LLM at " + host + " answered " + answer.status()
					+ " with a body that is not a chat completion: " + ex.getMessage());
		}
	}

	static String hostOf(URI uri) {
		String host = (uri.getHost() != null) ? uri.getHost() : String.valueOf(uri.getAuthority());
		return (uri.getPort() != -1) ? host + ":" + uri.getPort() : host;
	}

	static String excerpt(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
		if (text.isEmpty()) {
			return "(empty body)";
		}
		return (text.length() > BODY_EXCERPT_LENGTH) ? text.substring(0, BODY_EXCERPT_LENGTH) + "..." : text;
	}

	/**
	 * Describes a transport failure in plain words: the caller never learns class names of
	 * this application or bytes the upstream sent.
	 */
	private static String describe(Throwable ex) {
		String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		if (ex instanceof ConnectException) {
			return message.contains("refused") ? "connection refused" : "connection failed";
		}
		if (ex instanceof UnknownHostException) {
			return "unknown host";
		}
		if (ex instanceof SSLException || ex.getClass().getSimpleName().contains("Ssl")) {
			return "TLS failed (does the URL's scheme, http or https, match the server?)";
		}
		return "connection error";
	}

	private static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
	}

	private record Answer(int status, byte[] body) {

	}

}
