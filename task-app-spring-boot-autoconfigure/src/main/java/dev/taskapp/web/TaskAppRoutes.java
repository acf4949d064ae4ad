package dev.taskapp.web;

import java.time.Duration;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.tracing.RolloutTracing;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Builds the task-app routes of a {@link TaskAppConfig}: {@code GET}/{@code HEAD /},
 * {@code GET /health}, {@code GET /info}, {@code GET /task_info}, {@code POST /rollout} and
 * {@code POST /done}, every path but {@code /} behind the API key. Any other method on those
 * paths is answered with 405.
 */
public final class TaskAppRoutes {

	private TaskAppRoutes() {
	}

	/**
	 * Returns the routes; rollouts are not observed and no trace is stored, but a request that
	 * sets {@code record.return_trace} gets its trace.
	 * @param config the task app
	 * @param keys the accepted API keys
	 * @param settings how the routes are served
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> of(TaskAppConfig config, TaskAppApiKeys keys,
			TaskAppRouteSettings settings) {
		return of(config, keys, settings, RolloutTracing.disabled(config.appId()));
	}

	/**
	 * Returns the routes, with rollouts observed, traced and stored as the given tracing
	 * says, and at most {@linkplain RolloutAdmission#defaultLimit(long) the heap's default}
	 * in flight.
	 * @param config the task app
	 * @param keys the accepted API keys
	 * @param settings how the routes are served
	 * @param tracing what happens around every rollout
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> of(TaskAppConfig config, TaskAppApiKeys keys,
			TaskAppRouteSettings settings, RolloutTracing tracing) {
		return of(config, keys, settings, tracing,
				RolloutAdmission.derived(Runtime.getRuntime().maxMemory(), Duration.ofSeconds(1)));
	}

	/**
	 * Returns the routes, with rollouts observed, traced and stored as the given tracing
	 * says, and at most as many in flight as the admission allows.
	 * @param config the task app
	 * @param keys the accepted API keys
	 * @param settings how the routes are served
	 * @param tracing what happens around every rollout
	 * @param admission the limit on rollouts in flight
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> of(TaskAppConfig config, TaskAppApiKeys keys,
			TaskAppRouteSettings settings, RolloutTracing tracing, RolloutAdmission admission) {
		TaskAppHandlers handlers = new TaskAppHandlers(config, FixedBodies.of(config, keys, settings), settings,
				new RolloutEndpoint(config, tracing), admission);
		HandlerFilterFunction<ServerResponse, ServerResponse> auth = settings.authEnabled()
				? new ApiKeyFilter(gate(keys, settings)) : (request, next) -> next.handle(request);
		RouterFunction<ServerResponse> open = RouterFunctions.route()
			.GET(settings.path("/"), handlers::root)
			.HEAD(settings.path("/"), handlers::head)
			.build();
		RouterFunction<ServerResponse> protectedRoutes = RouterFunctions.route()
			.GET(settings.path("/health"), handlers::health)
			.GET(settings.path("/info"), handlers::info)
			.GET(settings.path("/task_info"), handlers::taskInfo)
			.POST(settings.path("/rollout"), handlers::rollout)
			.POST(settings.path("/done"), handlers::done)
			.filter(auth)
			.build();
		RouterFunction<ServerResponse> wrongMethods = RouterFunctions.route()
			.route(RequestPredicates.path(settings.path("/")), (request) -> handlers.methodNotAllowed("GET, HEAD"))
			.route(RequestPredicates.path(settings.path("/health")), (request) -> handlers.methodNotAllowed("GET"))
			.route(RequestPredicates.path(settings.path("/info")), (request) -> handlers.methodNotAllowed("GET"))
			.route(RequestPredicates.path(settings.path("/task_info")), (request) -> handlers.methodNotAllowed("GET"))
			.route(RequestPredicates.path(settings.path("/rollout")), (request) -> handlers.methodNotAllowed("POST"))
			.route(RequestPredicates.path(settings.path("/done")), (request) -> handlers.methodNotAllowed("POST"))
			.build();
		return open.and(protectedRoutes).and(wrongMethods);
	}

	/**
	 * Returns the filter that lets a request through only with an accepted API key and
	 * refuses the others as the task-app routes do; it lets every request through when
	 * authentication is off.
	 * @param keys the accepted API keys
	 * @param settings how the routes are served
	 * @return the filter
	 */
	public static HandlerFilterFunction<ServerResponse, ServerResponse> apiKeyFilter(TaskAppApiKeys keys,
			TaskAppRouteSettings settings) {
		return settings.authEnabled() ? new ApiKeyFilter(gate(keys, settings)) : (request, next) -> next.handle(request);
	}

	/**
	 * Returns the API-key check of the task-app routes as a filter, for routes of another
	 * contract served behind the same keys.
	 * @param keys the accepted API keys
	 * @param failureStatus status of a missing or wrong key, 401 or 400
	 * @return the filter
	 */
	public static HandlerFilterFunction<ServerResponse, ServerResponse> apiKeyFilter(TaskAppApiKeys keys,
			int failureStatus) {
		return new ApiKeyFilter(new ApiKeyGate(new ApiKeyAuthenticator(keys), failureStatus));
	}

	static ApiKeyGate gate(TaskAppApiKeys keys, TaskAppRouteSettings settings) {
		return new ApiKeyGate(new ApiKeyAuthenticator(keys), settings.authFailureStatus());
	}

}
