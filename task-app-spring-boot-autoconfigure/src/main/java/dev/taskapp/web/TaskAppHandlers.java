package dev.taskapp.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.TaskAppInfo;
import dev.taskapp.contract.TaskInfo;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tracing.ChatCompletionsTracing;
import dev.taskapp.tracing.RolloutTracing;
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

	private static final double MAX_TIME_CAP_S = 7 * 24 * 3600;

	private static final List<String> INFERENCE_URL_KEYS = List.of("inference_url", "api_base", "base_url");

	private final TaskAppConfig config;

	private final TaskAppRouteSettings settings;

	private final RolloutTracing tracing;

	private final RolloutRequestReader requestReader = new RolloutRequestReader(TaskAppJson.mapper());

	private final byte[] rootBody;

	private final byte[] healthBody;

	private final byte[] infoBody;

	private final byte[] doneBody;

	TaskAppHandlers(TaskAppConfig config, TaskAppApiKeys keys, TaskAppRouteSettings settings,
			RolloutTracing tracing) {
		this.config = config;
		this.settings = settings;
		this.tracing = tracing;
		this.rootBody = ErrorBodies.write(ordered("status", "ok", "service", config.appId()));
		this.healthBody = ErrorBodies.write(ordered("healthy", true, "auth",
				ordered("required", settings.authEnabled(), "expected_prefix", expectedPrefix(keys, settings))));
		this.infoBody = ErrorBodies.write(TaskAppInfo.of(config.baseTaskInfo(), config.rubrics()));
		this.doneBody = ErrorBodies.write(ordered("ok", true, "service", config.appId()));
	}

	/**
	 * The reference shows the first six characters of the key; a short key shows at most a
	 * quarter of itself so the hint never gives most of a key away.
	 */
	private static String expectedPrefix(TaskAppApiKeys keys, TaskAppRouteSettings settings) {
		if (!settings.authEnabled()) {
			return "<unset>";
		}
		String primary = keys.primary();
		int shown = Math.min(6, primary.length() / 4);
		return primary.substring(0, shown) + "...";
	}

	Mono<ServerResponse> root(ServerRequest request) {
		return json(HttpStatus.OK, this.rootBody);
	}

	Mono<ServerResponse> head(ServerRequest request) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).build();
	}

	Mono<ServerResponse> health(ServerRequest request) {
		return json(HttpStatus.OK, this.healthBody);
	}

	Mono<ServerResponse> info(ServerRequest request) {
		return json(HttpStatus.OK, this.infoBody);
	}

	Mono<ServerResponse> done(ServerRequest request) {
		return json(HttpStatus.OK, this.doneBody);
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
			String value = values.get(i);
			try {
				seeds.add(Integer.valueOf(value.trim()));
			}
			catch (NumberFormatException ex) {
				errors.add(ValidationError.intParsing(List.of("query", name, i), value));
			}
		}
	}

	Mono<ServerResponse> rollout(ServerRequest request) {
		return RequestBodies.read(request, this.settings.maxRequestBytes(), this.settings.bodyReadTimeout())
			.flatMap(this::rollout)
			.onErrorResume(RequestBodies.PayloadTooLargeException.class, this::payloadTooLarge)
			.onErrorResume(RequestBodies.BodyReadTimeoutException.class, this::bodyReadTimeout);
	}

	private Mono<ServerResponse> rollout(byte[] body) {
		RolloutRequestReader.Result result = this.requestReader.read(body);
		if (result instanceof RolloutRequestReader.Invalid invalid) {
			return json(HttpStatus.UNPROCESSABLE_CONTENT, ErrorBodies.validation(invalid.errors()));
		}
		RolloutRequest rolloutRequest = ((RolloutRequestReader.Valid) result).request();
		RolloutContext context;
		try {
			context = RolloutContext.of(rolloutRequest, this.tracing.storesTraces());
		}
		catch (IllegalArgumentException ex) {
			return json(HttpStatus.UNPROCESSABLE_CONTENT, ErrorBodies.validation(List.of(invalidInferenceUrl(rolloutRequest, ex))));
		}
		RolloutTracing.Run run = this.tracing.start(rolloutRequest, context.traces(), context.traceCorrelationId());
		Mono<RolloutResponse> handled = withinMaxTime(Mono.defer(() -> this.config.rolloutHandler().rollout(context))
			.switchIfEmpty(Mono.error(
					() -> new IllegalStateException("The rollout handler completed without a response"))),
				rolloutRequest);
		if (run.isNoop()) {
			return handled.map((response) -> ErrorBodies.write(completed(response, rolloutRequest, context)))
				.flatMap((responseBody) -> json(HttpStatus.OK, responseBody))
				.onErrorResume((ex) -> rolloutFailed(rolloutRequest, ex));
		}
		if (context.traces().isRecording()) {
			handled = handled.contextWrite(ChatCompletionsTracing.withRecorder(context.traces()));
		}
		return handled.map((response) -> run.completed(completed(response, rolloutRequest, context)))
			.map((response) -> {
				byte[] responseBody = ErrorBodies.write(response);
				run.succeeded(response);
				return responseBody;
			})
			.flatMap((responseBody) -> json(HttpStatus.OK, responseBody))
			.onErrorResume((ex) -> {
				run.failed(statusOf(ex), ex);
				return rolloutFailed(rolloutRequest, ex);
			})
			.doOnCancel(run::cancelled);
	}

	/**
	 * Bounds a rollout by the caller's {@code safety.max_time_s}: one that outlives it is
	 * cancelled and answered with a 504 that says so.
	 */
	private static Mono<RolloutResponse> withinMaxTime(Mono<RolloutResponse> rollout, RolloutRequest request) {
		double maxTimeS = request.safety().maxTimeS();
		if (!(maxTimeS > 0) || Double.isInfinite(maxTimeS) || maxTimeS > MAX_TIME_CAP_S) {
			return rollout;
		}
		Duration maxTime = Duration.ofNanos((long) (maxTimeS * 1e9));
		return rollout.timeout(maxTime, Mono.error(() -> new TaskAppHttpException(504, "rollout_timeout",
				"The rollout of run_id " + request.runId() + " did not finish within safety.max_time_s=" + maxTimeS
						+ " s and was cancelled",
				Map.of())));
	}

	private static int statusOf(Throwable ex) {
		return (ex instanceof TaskAppHttpException httpException) ? httpException.getStatus() : 500;
	}

	private static ValidationError invalidInferenceUrl(RolloutRequest request, IllegalArgumentException ex) {
		Map<String, Object> policyConfig = request.policy().config();
		String key = INFERENCE_URL_KEYS.stream()
			.filter((candidate) -> policyConfig.get(candidate) instanceof String value && !value.isBlank())
			.findFirst()
			.orElse("inference_url");
		return new ValidationError("value_error", List.of("body", "policy", "config", key),
				"Value error, " + ex.getMessage(), null, null);
	}

	private static RolloutResponse completed(RolloutResponse response, RolloutRequest request, RolloutContext context) {
		RolloutResponse completed = response;
		if (completed.runId() == null || completed.runId().isBlank()) {
			completed = completed.withRunId(request.runId());
		}
		if ((completed.traceCorrelationId() == null || completed.traceCorrelationId().isBlank())
				&& context.traceCorrelationId() != null) {
			completed = completed.withTraceCorrelationId(context.traceCorrelationId());
		}
		return completed;
	}

	private Mono<ServerResponse> rolloutFailed(RolloutRequest request, Throwable ex) {
		if (ex instanceof TaskAppHttpException httpException) {
			if (logger.isDebugEnabled()) {
				logger.debug("Rollout " + LogText.of(request.runId()) + " answered " + httpException.getStatus() + ": "
						+ LogText.of(httpException.getMessage()));
			}
			return json(HttpStatus.valueOf(httpException.getStatus()), ErrorBodies.error(httpException.getCode(),
					String.valueOf(httpException.getMessage()), httpException.getDetails()));
		}
		logger.error("Rollout handler failed for run_id " + LogText.of(request.runId()), ex);
		return json(HttpStatus.INTERNAL_SERVER_ERROR, ErrorBodies.error("rollout_failed",
				"The rollout handler failed for run_id " + request.runId() + "; the task app log has the cause"));
	}

	private Mono<ServerResponse> internalError(String code, String message, Throwable ex) {
		logger.error(message, ex);
		return json(HttpStatus.INTERNAL_SERVER_ERROR, ErrorBodies.error(code, message + "; the task app log has the cause"));
	}

	private Mono<ServerResponse> payloadTooLarge(RequestBodies.PayloadTooLargeException ex) {
		return json(HttpStatus.CONTENT_TOO_LARGE, ErrorBodies.error("payload_too_large",
				"Request body exceeds the limit of " + ex.maxBytes() + " bytes (task-app.max-request-size)"));
	}

	private Mono<ServerResponse> bodyReadTimeout(RequestBodies.BodyReadTimeoutException ex) {
		return ServerResponse.status(HttpStatus.REQUEST_TIMEOUT)
			.header("Connection", "close")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ErrorBodies.error("request_timeout", "The request body was not received within "
					+ ex.timeout().toMillis() + " ms (task-app.server.body-read-timeout)"));
	}

	private static Mono<ServerResponse> json(HttpStatus status, byte[] body) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static Map<String, Object> ordered(String key1, Object value1, String key2, Object value2) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put(key1, value1);
		map.put(key2, value2);
		return map;
	}

}
