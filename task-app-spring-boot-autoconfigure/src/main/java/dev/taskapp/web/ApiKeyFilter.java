package dev.taskapp.web;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Lets a WebFlux request through to a protected route only when {@link ApiKeyGate} accepts
 * its key headers.
 */
final class ApiKeyFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private final ApiKeyGate gate;

	ApiKeyFilter(ApiKeyGate gate) {
		this.gate = gate;
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		HttpHeaders headers = request.headers().asHttpHeaders();
		RouteResponse refusal = this.gate.check(() -> request.method().name() + " " + request.path(),
				headers.getFirst(ApiKeyGate.X_API_KEY), headers.getFirst(ApiKeyGate.X_API_KEYS),
				headers.getFirst(HttpHeaders.AUTHORIZATION));
		return (refusal != null) ? ServerResponses.of(refusal) : next.handle(request);
	}

}
