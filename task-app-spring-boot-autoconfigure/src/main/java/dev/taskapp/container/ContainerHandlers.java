package dev.taskapp.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.config.TaskDataset;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.web.RolloutAdmission;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The handlers of the container routes: every answer is JSON, every failure a
 * {@code {code, message, fields}} body.
 */
final class ContainerHandlers {

	private static final Log logger = LogFactory.getLog(ContainerHandlers.class);

	private final ContainerBodies bodies;

	private final ContainerRequestReader reader;

	private final ContainerRollouts rollouts;

	private final ContainerSettings settings;

	ContainerHandlers(TaskAppConfig config, ContainerSettings settings, RolloutRecordStore store,
			RolloutTracing tracing, RolloutAdmission admission) {
		this.bodies = new ContainerBodies(config, settings);
		this.reader = new ContainerRequestReader(config.dataset());
		this.rollouts = new ContainerRollouts(config, store, tracing, admission);
		this.settings = settings;
	}

	Mono<ServerResponse> root(ServerRequest request) {
		return answer(this.bodies::root);
	}

	Mono<ServerResponse> health(ServerRequest request) {
		return answer(ContainerBodies::health);
	}

	Mono<ServerResponse> metadata(ServerRequest request) {
		return answer(this.bodies::metadata);
	}

	Mono<ServerResponse> program(ServerRequest request) {
		return answer(this.bodies::program);
	}

	Mono<ServerResponse> taskset(ServerRequest request) {
		return answer(this.bodies::taskset);
	}

	Mono<ServerResponse> tasks(ServerRequest request) {
		return body(request).flatMap((body) -> answer(() -> this.bodies.tasks(body))).onErrorResume(ContainerError.class,
				ContainerHandlers::error);
	}

	Mono<ServerResponse> taskInfo(ServerRequest request) {
		return answer(() -> this.bodies.taskInfo(row(request)));
	}

	private Map<String, Object> row(ServerRequest request) {
		TaskDataset dataset = this.bodies.dataset();
		String split = request.queryParam("split_group").or(() -> request.queryParam("split")).orElse(null);
		String id = request.queryParam("task_id").or(() -> request.queryParam("task_instance_id")).orElse(null);
		String seed = request.queryParam("seed").orElse(null);
		if (id == null && seed == null) {
			return Map.of();
		}
		if (id != null) {
			TaskDataset.TaskId taskId = TaskDataset.TaskId.parse(id);
			if (taskId != null && !dataset.hasSplit(taskId.split())) {
				String[] parts = id.split(":");
				taskId = TaskDataset.TaskId.parse(parts[parts.length - 2] + ":" + parts[parts.length - 1]);
			}
			if (taskId == null || !dataset.hasSplit(taskId.split())) {
				throw ContainerError.invalid("task_id", "task_id must be <split>:<seed> of a split in "
						+ dataset.splitSizes().keySet() + ", got '" + id + "'");
			}
			return dataset.row(taskId.split(), taskId.seed());
		}
		String name = (split != null) ? split : dataset.splitSizes().keySet().iterator().next();
		if (!dataset.hasSplit(name)) {
			throw ContainerError.invalid("split_group",
					"split_group must be one of " + dataset.splitSizes().keySet() + ", got '" + name + "'");
		}
		try {
			return dataset.row(name, Integer.parseInt(seed.strip()));
		}
		catch (NumberFormatException ex) {
			throw ContainerError.invalid("seed", "seed must be an integer, got '" + seed + "'");
		}
	}

	/**
	 * Submits a rollout. Its slot is taken from the request's head, before its body is read, so
	 * that a rollout past the limit is refused at once, its body left unread.
	 */
	Mono<ServerResponse> rollout(ServerRequest request) {
		return Mono.defer(() -> {
			ContainerRollouts.Slot slot = this.rollouts.admit();
			if (slot == null) {
				ContainerRollouts.Answer refusal = this.rollouts.refusal();
				return json(refusal.status(), refusal.body(), refusal.headers());
			}
			return body(request)
				.flatMap((body) -> offStoreThread(Mono.defer(() -> this.rollouts.submit(this.reader.read(body), slot))))
				.flatMap((answer) -> json(answer.status(), answer.body(), answer.headers()))
				.onErrorResume(ContainerError.class, ContainerHandlers::error)
				.doFinally((signal) -> slot.releaseUnlessHandedOver());
		});
	}

	Mono<ServerResponse> rolloutRecord(ServerRequest request) {
		return offStoreThread(Mono.defer(() -> answer(() -> this.rollouts.get(request.pathVariable("rollout_id")).body())));
	}

	Mono<ServerResponse> rolloutState(ServerRequest request) {
		return offStoreThread(Mono.defer(() -> answer(() -> state(this.rollouts.get(request.pathVariable("rollout_id"))))));
	}

	/**
	 * Moves the work of a route that reads or writes records off the web server's threads when
	 * the records live in a shared database.
	 */
	private <T> Mono<T> offStoreThread(Mono<T> work) {
		return this.rollouts.storeShared() ? work.subscribeOn(Schedulers.boundedElastic()) : work;
	}

	Mono<ServerResponse> terminate(ServerRequest request) {
		return body(request).flatMap((body) -> {
			Object reason = body.get("reason");
			if (reason != null && !(reason instanceof String)) {
				return error(ContainerError.invalid("reason", "reason must be a string"));
			}
			return offStoreThread(Mono.defer(
					() -> answer(() -> state(this.rollouts.terminate(request.pathVariable("rollout_id"), (String) reason)))));
		}).onErrorResume(ContainerError.class, ContainerHandlers::error);
	}

	Mono<ServerResponse> notSupported(ServerRequest request) {
		return error(new ContainerError(404, "container_route_not_supported", request.method().name() + " "
				+ request.path() + " is not served: this app optimises prompts and has no use for it", List.of()));
	}

	private static Map<String, Object> state(RolloutRecord record) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("rollout_id", record.rolloutId());
		body.put("trace_correlation_id", record.body().get("trace_correlation_id"));
		body.put("status", record.status().wire());
		body.put("success_status", record.body().get("success_status"));
		if (record.body().get("status_detail") != null) {
			body.put("status_detail", record.body().get("status_detail"));
		}
		if (record.body().get("termination") != null) {
			body.put("termination", record.body().get("termination"));
		}
		body.put("metadata", Map.of("updated_at", record.updatedAt().toString()));
		return body;
	}

	/**
	 * Reads a JSON object body: an empty body is {@code {}}, one over the size limit a 413, one
	 * that is not a JSON object a 422.
	 */
	@SuppressWarnings("unchecked")
	private Mono<Map<String, Object>> body(ServerRequest request) {
		long maxBytes = this.settings.maxRequestBytes();
		if (request.headers().contentLength().orElse(-1) > maxBytes) {
			return Mono.error(tooLarge(maxBytes));
		}
		int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8);
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), limit)
			.map(ContainerHandlers::toBytes)
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge(maxBytes))
			.map((bytes) -> {
				if (bytes.length == 0) {
					return Map.<String, Object>of();
				}
				Object parsed;
				try {
					parsed = TaskAppJson.mapper().readValue(bytes, Object.class);
				}
				catch (JacksonException ex) {
					throw new ContainerError(422, "json_invalid", "The request body is not valid JSON", List.of());
				}
				if (!(parsed instanceof Map<?, ?> map)) {
					throw new ContainerError(422, "validation_error", "The request body must be a JSON object",
							List.of("body"));
				}
				return (Map<String, Object>) map;
			});
	}

	private static ContainerError tooLarge(long maxBytes) {
		return new ContainerError(413, "payload_too_large",
				"Request body exceeds the limit of " + maxBytes + " bytes (task-app.max-request-size)", List.of());
	}

	private static byte[] toBytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static Mono<ServerResponse> answer(Supplier<Map<String, Object>> body) {
		Map<String, Object> answer;
		try {
			answer = body.get();
		}
		catch (ContainerError ex) {
			return error(ex);
		}
		catch (RuntimeException ex) {
			logger.error("Serving a container route failed", ex);
			return error(new ContainerError(500, "internal_error",
					"Serving the request failed; the app log has the cause", List.of()));
		}
		return json(200, answer);
	}

	private static Mono<ServerResponse> error(ContainerError error) {
		return json(error.status(), error.body());
	}

	private static Mono<ServerResponse> json(int status, Map<String, Object> body) {
		return json(status, body, Map.of());
	}

	private static Mono<ServerResponse> json(int status, Map<String, Object> body, Map<String, String> headers) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.headers((httpHeaders) -> headers.forEach(httpHeaders::set))
			.bodyValue(TaskAppJson.mapper().writeValueAsBytes(body));
	}

}
