package dev.taskapp.openapi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The routes a server actually has, read from its WebFlux router functions and its Reactor
 * Netty routes.
 */
final class ServedRoutes {

	private ServedRoutes() {
	}

	/**
	 * A served route.
	 * @param method the method, or {@code null} for a route that answers every method (such as
	 * the 405 of a wrong method)
	 * @param path the path pattern
	 */
	record Route(String method, String path) {

		static final String ANY = "*";

	}

	static List<Route> of(RouterFunction<?> routerFunction) {
		List<Route> routes = new ArrayList<>();
		routerFunction.accept(new RouterFunctions.Visitor() {

			@Override
			public void startNested(RequestPredicate predicate) {
				throw new IllegalStateException("Nested routes are not expected: " + predicate);
			}

			@Override
			public void endNested(RequestPredicate predicate) {
			}

			@Override
			public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
				PredicateReader reader = new PredicateReader();
				predicate.accept(reader);
				if (reader.paths.size() != 1) {
					throw new IllegalStateException("Expected one path in " + predicate);
				}
				String path = reader.paths.get(0);
				if (reader.methods.isEmpty()) {
					routes.add(new Route(Route.ANY, path));
				}
				reader.methods.forEach((method) -> routes.add(new Route(method.name(), path)));
			}

			@Override
			public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
				throw new IllegalStateException("Resource routes are not expected: " + lookupFunction);
			}

			@Override
			public void attributes(Map<String, Object> attributes) {
			}

			@Override
			public void unknown(RouterFunction<?> routerFunction) {
				throw new IllegalStateException("Unreadable router function: " + routerFunction);
			}

		});
		return routes;
	}

	static List<Route> of(NettyRouteProvider provider) {
		List<Route> routes = new ArrayList<>();
		provider.apply(HttpServerRoutes.newRoutes()).removeIf((metadata) -> {
			String method = (metadata.getMethod() != null) ? metadata.getMethod().name() : Route.ANY;
			routes.add(new Route(method, metadata.getPath()));
			return false;
		});
		return routes;
	}

	private static final class PredicateReader implements RequestPredicates.Visitor {

		private final Set<HttpMethod> methods = new LinkedHashSet<>();

		private final List<String> paths = new ArrayList<>();

		@Override
		public void method(Set<HttpMethod> methods) {
			this.methods.addAll(methods);
		}

		@Override
		public void path(String pattern) {
			this.paths.add(pattern);
		}

		@Override
		public void pathExtension(String extension) {
			throw new IllegalStateException("Path extensions are not expected");
		}

		@Override
		public void header(String name, String value) {
		}

		@Override
		public void queryParam(String name, String value) {
		}

		@Override
		public void version(String version) {
		}

		@Override
		public void startAnd() {
		}

		@Override
		public void and() {
		}

		@Override
		public void endAnd() {
		}

		@Override
		public void startOr() {
			throw new IllegalStateException("Alternative predicates are not expected");
		}

		@Override
		public void or() {
		}

		@Override
		public void endOr() {
		}

		@Override
		public void startNegate() {
			throw new IllegalStateException("Negated predicates are not expected");
		}

		@Override
		public void endNegate() {
		}

		@Override
		public void unknown(RequestPredicate predicate) {
			throw new IllegalStateException("Unreadable predicate: " + predicate);
		}

	}

}
