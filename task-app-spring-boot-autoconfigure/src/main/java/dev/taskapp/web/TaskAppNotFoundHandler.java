package dev.taskapp.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers a request that no route matched with the reference's {@code {"detail":"Not Found"}}
 * rather than Spring Boot's error JSON. Only paths under the task app's base path are
 * answered; a 404 an application raises itself (with a reason) is left to the usual handlers.
 */
public final class TaskAppNotFoundHandler implements WebExceptionHandler, Ordered {

	/** Runs before Spring Boot's error handler, whose order is {@code -1}. */
	public static final int ORDER = -2;

	private final String basePath;

	/**
	 * Creates a handler.
	 * @param basePath the base path of the task-app routes, empty for none
	 */
	public TaskAppNotFoundHandler(String basePath) {
		this.basePath = basePath;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (!isNoRouteFound(ex) || response.isCommitted() || !isUnderBasePath(exchange)) {
			return Mono.error(ex);
		}
		response.setStatusCode(HttpStatus.NOT_FOUND);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(ErrorBodies.NOT_FOUND)));
	}

	private static boolean isNoRouteFound(Throwable ex) {
		if (ex instanceof NoResourceFoundException) {
			return true;
		}
		return ex.getClass() == ResponseStatusException.class
				&& ((ResponseStatusException) ex).getStatusCode().value() == HttpStatus.NOT_FOUND.value()
				&& ((ResponseStatusException) ex).getReason() == null;
	}

	private boolean isUnderBasePath(ServerWebExchange exchange) {
		if (this.basePath.isEmpty()) {
			return true;
		}
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		return path.equals(this.basePath) || path.startsWith(this.basePath + "/");
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
