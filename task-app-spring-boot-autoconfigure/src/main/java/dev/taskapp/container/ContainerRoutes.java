package dev.taskapp.container;

import java.time.Duration;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.web.RolloutAdmission;
import dev.taskapp.web.TaskAppApiKeys;
import dev.taskapp.web.TaskAppRoutes;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Builds the container routes of a {@link TaskAppConfig}: {@code /} and {@code /health} open,
 * {@code /metadata} (and {@code /info}), {@code /task_info}, {@code /program},
 * {@code /taskset}, {@code /taskset/tasks} (and {@code /dataset}, {@code /dataset/rows}),
 * {@code /rollout} (and {@code /rollouts}), {@code /rollouts/{rollout_id}},
 * {@code /rollouts/{rollout_id}/state} and {@code /rollouts/{rollout_id}/terminate} behind the API key. The
 * contract's routes a prompt-optimisation app has no use for (checkpoints, pause, resume,
 * fork, artifacts, the trace bundle and the rest of {@code /rollouts/{rollout_id}/...}) answer 404.
 */
public final class ContainerRoutes {

	private ContainerRoutes() {
	}

	/**
	 * Returns the routes; rollouts are not observed and no trace is stored.
	 * @param config the app
	 * @param keys the accepted API keys
	 * @param settings how the routes are served
	 * @param store where rollout records are kept
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> of(TaskAppConfig config, TaskAppApiKeys keys,
			ContainerSettings settings, RolloutRecordStore store) {
		return of(config, keys, settings, store, RolloutTracing.disabled(config.appId()));
	}

	/**
	 * Returns the routes, with every rollout observed, traced and stored as the given tracing
	 * says.
	 * @param config the app
	 * @param keys the accepted API keys
	 * @param settings how the routes are served
	 * @param store where rollout records are kept
	 * @param tracing what happens around every rollout
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> of(TaskAppConfig config, TaskAppApiKeys keys,
			ContainerSettings settings, RolloutRecordStore store, RolloutTracing tracing) {
		return of(config, keys, settings, store, tracing,
				RolloutAdmission.derived(Runtime.getRuntime().maxMemory(), Duration.ofSeconds(1)));
	}

	/**
	 * Returns the routes, with every rollout observed, traced and stored as the given tracing
	 * says, and refused with 503 past the admission's limit.
	 * @param config the app
	 * @param keys the accepted API keys
	 * @param settings how the routes are served
	 * @param store where rollout records are kept
	 * @param tracing what happens around every rollout
	 * @param admission the limit of rollouts in flight, shared with the task-app routes
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> of(TaskAppConfig config, TaskAppApiKeys keys,
			ContainerSettings settings, RolloutRecordStore store, RolloutTracing tracing, RolloutAdmission admission) {
		ContainerHandlers handlers = new ContainerHandlers(config, settings, store, tracing, admission);
		HandlerFilterFunction<ServerResponse, ServerResponse> auth = settings.authEnabled()
				? TaskAppRoutes.apiKeyFilter(keys, settings.authFailureStatus()) : (request, next) -> next.handle(request);
		RouterFunction<ServerResponse> open = RouterFunctions.route()
			.GET(settings.path("/"), handlers::root)
			.GET(settings.path("/health"), handlers::health)
			.build();
		RouterFunction<ServerResponse> protectedRoutes = RouterFunctions.route()
			.GET(settings.path("/metadata"), handlers::metadata)
			.GET(settings.path("/info"), handlers::metadata)
			.GET(settings.path("/task_info"), handlers::taskInfo)
			.GET(settings.path("/program"), handlers::program)
			.GET(settings.path("/taskset"), handlers::taskset)
			.GET(settings.path("/dataset"), handlers::taskset)
			.POST(settings.path("/taskset/tasks"), handlers::tasks)
			.POST(settings.path("/dataset/rows"), handlers::tasks)
			.POST(settings.path("/rollout"), handlers::rollout)
			.POST(settings.path("/rollouts"), handlers::rollout)
			.GET(settings.path("/rollouts/{rollout_id}"), handlers::rolloutRecord)
			.GET(settings.path("/rollouts/{rollout_id}/state"), handlers::rolloutState)
			.POST(settings.path("/rollouts/{rollout_id}/terminate"), handlers::terminate)
			.route(RequestPredicates.path(settings.path("/rollouts/{rollout_id}/**")), handlers::notSupported)
			.route(RequestPredicates.path(settings.path("/checkpoints/**")), handlers::notSupported)
			.route(RequestPredicates.path(settings.path("/trace/bundle")), handlers::notSupported)
			.route(RequestPredicates.path(settings.path("/task_catalog")), handlers::notSupported)
			.route(RequestPredicates.path(settings.path("/compatibility")), handlers::notSupported)
			.filter(auth)
			.build();
		return open.and(protectedRoutes);
	}

}
