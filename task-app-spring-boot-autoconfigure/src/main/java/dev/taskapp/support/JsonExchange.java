package dev.taskapp.support;

import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.Consumer;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * One JSON request with Reactor Netty, as the clients of the task app and of the Synth
 * backend send it: a {@code GET}, or a {@code POST} with a JSON body, that accepts JSON and
 * reads the whole answer; and the words for a request that failed below HTTP.
 */
public final class JsonExchange {

	private static final byte[] NO_BODY = new byte[0];

	private JsonExchange() {
	}

	/**
	 * Sends a {@code GET}, or a {@code POST} when there is a body, and reads the whole answer.
	 * Timeouts and the mapping of failures are left to the caller.
	 * @param <T> the type of the answer
	 * @param httpClient the client
	 * @param uri the absolute URI
	 * @param json the body of a {@code POST}, or {@code null} for a {@code GET}
	 * @param credentials adds the credential headers, after the content headers
	 * @param answer reads the status and the body (empty when there was none)
	 * @return the answer
	 */
	public static <T> Mono<T> send(HttpClient httpClient, String uri, byte @Nullable [] json,
			Consumer<HttpHeaders> credentials, Answer<T> answer) {
		HttpClient client = httpClient.headers((headers) -> {
			headers.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
			if (json != null) {
				headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
				headers.setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
			}
			credentials.accept(headers);
		});
		HttpClient.ResponseReceiver<?> receiver = (json != null)
				? client.post().uri(uri).send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(json)))
				: client.get().uri(uri);
		return receiver.responseSingle((response, body) -> body.asByteArray()
			.defaultIfEmpty(NO_BODY)
			.map((bytes) -> answer.read(response.status().code(), bytes)));
	}

	/**
	 * Describes a failure below HTTP in words: its message, else its simple class name; an
	 * unresolved host as {@code failed to resolve <host>}. The text is not redacted.
	 * @param ex the failure, unwrapped
	 * @return the description
	 */
	public static String describeFailure(Throwable ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage().strip() : null;
		if (message == null || message.isEmpty()) {
			return ex.getClass().getSimpleName();
		}
		if (ex instanceof UnknownHostException && !message.toLowerCase(Locale.ROOT).contains("resolve")) {
			return "failed to resolve " + message;
		}
		return message;
	}

	/**
	 * Reads an answer.
	 * @param <T> the type of the answer
	 */
	@FunctionalInterface
	public interface Answer<T> {

		/**
		 * Reads an answer; may throw to fail the request.
		 * @param status the HTTP status
		 * @param body the body, empty when there was none
		 * @return the answer
		 */
		T read(int status, byte[] body);

	}

}
