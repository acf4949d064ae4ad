package dev.taskapp.benchmarks;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Sends a JSON body with its length, as the mock LLM and the raw server answer.
 */
final class JsonResponses {

	private JsonResponses() {
	}

	static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, byte[] body) {
		return response.status(status)
			.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
			.sendByteArray(Mono.just(body))
			.then();
	}

}
