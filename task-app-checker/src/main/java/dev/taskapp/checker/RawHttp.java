package dev.taskapp.checker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Sends requests as they are, for the checks that need to see an answer the typed
 * {@code TaskAppClient} would refuse to read: refusals, validation errors, raw shapes.
 */
final class RawHttp {

	private final HttpClient client = HttpClient.create();

	private final String baseUrl;

	private final Duration timeout;

	RawHttp(String baseUrl, Duration timeout) {
		this.baseUrl = baseUrl;
		this.timeout = timeout;
	}

	HttpAnswer get(String path, Map<String, String> headers) {
		return send("GET", path, headers, null);
	}

	HttpAnswer post(String path, Map<String, String> headers, String json) {
		return send("POST", path, headers, json);
	}

	/**
	 * A base URL with a path (a base path) serves its root at that path, without a trailing slash.
	 */
	private String url(String path) {
		boolean baseHasPath = this.baseUrl.indexOf('/', this.baseUrl.indexOf("//") + 2) >= 0;
		return (path.equals("/") && baseHasPath) ? this.baseUrl : this.baseUrl + path;
	}

	private HttpAnswer send(String method, String path, Map<String, String> headers, @Nullable String json) {
		HttpClient client = this.client.headers((out) -> {
			headers.forEach(out::set);
			if (json != null) {
				out.set("Content-Type", "application/json");
			}
		});
		HttpClient.RequestSender sender = client.request(HttpMethod.valueOf(method)).uri(url(path));
		HttpClient.ResponseReceiver<?> receiver = (json != null)
				? sender.send(ByteBufFlux.fromString(Mono.just(json), StandardCharsets.UTF_8, ByteBufAllocator.DEFAULT))
				: sender;
		HttpAnswer answer = receiver
			.responseSingle((response, body) -> body.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> new HttpAnswer(response.status().code(), bytes)))
			.block(this.timeout);
		if (answer == null) {
			throw new IllegalStateException(method + " " + path + " gave no answer");
		}
		return answer;
	}

}
