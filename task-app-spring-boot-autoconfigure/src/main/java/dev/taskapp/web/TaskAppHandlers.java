package dev.taskapp.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.contract.TaskInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The handlers of the task-app routes. Bodies are read as bytes and written with the
 * contract's own JSON mapper, so the application's codec settings never change the wire
 * format.
 */
final class TaskAppHandlers {

	private static final Log logger = LogFactory.getLog(TaskAppHandlers.class);

	private final TaskAppConfig config;

	private final TaskAppRouteSettings settings;

	private final FixedBodies bodies;

	private final RolloutEndpoint rollouts;

	private final RolloutAdmission admission;

	TaskAppHandlers(TaskAppConfig config, FixedBodies bodies, TaskAppRouteSettings settings,
			RolloutEndpoint rollouts, RolloutAdmission admission) {
		this.config = config;
		this.settings = settings;
		this.bodies = bodies;
		this.rollouts = rollouts;
		this.admission = admission;
	}

	Mono<ServerResponse> root(ServerRequest request) {
		return json(HttpStatus.OK, this.bodies.root());
	}

	Mono<ServerResponse> head(ServerRequest request) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).build();
	}

	Mono<ServerResponse> health(ServerRequest request) {
		return json(HttpStatus.OK, this.bodies.health());
	}

	Mono<ServerResponse> info(ServerRequest request) {
		return json(HttpStatus.OK, this.bodies.info());
	}

	Mono<ServerResponse> done(ServerRequest request) {
		return json(HttpStatus.OK, this.bodies.done());
	}

	Mono<ServerResponse> methodNotAllowed(String allowed) {
		return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
			.header("Allow", allowed)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ErrorBodies.METHOD_NOT_ALLOWED);
	}

	Mono<ServerResponse> taskInfo(ServerRequest request) {
		MultiValueMap<String, String> query = request.queryParams();
		List<ValidationError> errors = new ArrayList<>();
		List<Integer> seeds = new ArrayList<>();
		parseSeeds("seed", query.get("seed"), seeds, errors);
		parseSeeds("seeds", query.get("seeds"), seeds, errors);
		if (!errors.isEmpty()) {
			return json(HttpStatus.UNPROCESSABLE_CONTENT, ErrorBodies.validation(errors));
		}
		if (seeds.isEmpty()) {
			return Mono.fromCallable(() -> ErrorBodies.write(Map.of("taskset", this.config.describeTaskset())))
				.flatMap((body) -> json(HttpStatus.OK, body))
				.onErrorResume((ex) -> internalError("taskset_failed", "Describing the taskset failed", ex));
		}
		return Mono.fromCallable(() -> ErrorBodies.write(instancesBody(this.config.instanceProvider().instances(seeds))))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((body) -> json(HttpStatus.OK, body))
			.onErrorResume((ex) -> internalError("task_info_failed", "Describing the task instances of seeds " + seeds
					+ " failed", ex));
	}

	private static Object instancesBody(List<TaskInfo> instances) {
		return (instances.size() == 1) ? instances.get(0) : instances;
	}

	private static void parseSeeds(String name, List<String> values, List<Integer> seeds,
			List<ValidationError> errors) {
		if (values == null) {
			return;
		}
		for (int i = 0; i < values.size(); i++) {
			// a bare parameter (?seed) has no value; FastAPI reads it as the empty string
			String value = Objects.requireNonNullElse(values.get(i), "");
			try {
				seeds.add(Integer.valueOf(value.trim()));
			}
			catch (NumberFormatException ex) {
				errors.add(ValidationError.intParsing(List.of("query", name, i), value));
			}
		}
	}

	Mono<ServerResponse> rollout(ServerRequest request) {
		Mono<RouteResponse> rollout = RequestBodies
			.read(request, this.settings.maxRequestBytes(), this.settings.bodyReadTimeout())
			.flatMap((body) -> this.rollouts.rollout(body, Schedulers.parallel()))
			.onErrorResume(RequestBodies.PayloadTooLargeException.class,
					(ex) -> Mono.just(RolloutEndpoint.payloadTooLarge(ex.maxBytes())))
			.onErrorResume(RequestBodies.BodyReadTimeoutException.class,
					(ex) -> Mono.just(RolloutEndpoint.bodyReadTimeout(ex.timeout())));
		return this.admission.admit(rollout, RolloutEndpoint::rejected).flatMap(ServerResponses::of);
	}

	private Mono<ServerResponse> internalError(String code, String message, Throwable ex) {
		logger.error(message, ex);
		return json(HttpStatus.INTERNAL_SERVER_ERROR, ErrorBodies.error(code, message + "; the task app log has the cause"));
	}

	private static Mono<ServerResponse> json(HttpStatus status, byte[] body) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

}
