package dev.taskapp.web;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Turns a {@link RouteResponse} into a WebFlux {@link ServerResponse}.
 */
final class ServerResponses {

	private ServerResponses() {
	}

	static Mono<ServerResponse> of(RouteResponse response) {
		ServerResponse.BodyBuilder builder = ServerResponse.status(response.status())
			.contentType(MediaType.APPLICATION_JSON);
		response.headers().forEach(builder::header);
		return builder.bodyValue(response.body());
	}

}
