package dev.taskapp.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tracing.ChatCompletionsTracing;
import dev.taskapp.tracing.RolloutTracing;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code POST /rollout} once its body has arrived, whichever server received it: validates
 * the request, runs the task app's handler within {@code safety.max_time_s}, traces the run and
 * words every outcome as the contract's JSON.
 */
final class RolloutEndpoint {

	private static final Log logger = LogFactory.getLog(RolloutEndpoint.class);

	private static final double MAX_TIME_CAP_S = 7 * 24 * 3600;

	private static final List<String> INFERENCE_URL_KEYS = List.of("inference_url", "api_base", "base_url");

	private final TaskAppConfig config;

	private final RolloutTracing tracing;

	private final RolloutRequestReader requestReader = new RolloutRequestReader(TaskAppJson.mapper());

	RolloutEndpoint(TaskAppConfig config, RolloutTracing tracing) {
		this.config = config;
		this.tracing = tracing;
	}

	/**
	 * Answers a rollout request body. The returned {@link Mono} never fails: every error is
	 * an answer.
	 * @param body the request body
	 * @param timers where the {@code safety.max_time_s} timer runs
	 * @return the answer
	 */
	Mono<RouteResponse> rollout(byte[] body, Scheduler timers) {
		RolloutRequestReader.Result result = this.requestReader.read(body);
		if (result instanceof RolloutRequestReader.Invalid invalid) {
			return Mono.just(RouteResponse.json(422, ErrorBodies.validation(invalid.errors())));
		}
		RolloutRequest request = ((RolloutRequestReader.Valid) result).request();
		RolloutContext context;
		try {
			context = RolloutContext.of(request, this.tracing.recordsCalls(), this.config);
		}
		catch (IllegalArgumentException ex) {
			return Mono.just(
					RouteResponse.json(422, ErrorBodies.validation(List.of(invalidInferenceUrl(request, ex)))));
		}
		RolloutTracing.Run run = this.tracing.start(request, context.traces(), context.traceCorrelationId());
		Mono<RolloutResponse> handled = withinMaxTime(Mono.defer(() -> this.config.rolloutHandler().rollout(context)),
				request, timers);
		if (run.isNoop()) {
			return handled.map((response) -> RouteResponse.json(200,
					ErrorBodies.write(completed(response, request, context))))
				.onErrorResume((ex) -> Mono.just(failed(request, ex)));
		}
		if (context.traces().isRecording()) {
			handled = handled.contextWrite(ChatCompletionsTracing.withRecorder(context.traces()));
		}
		return handled.map((handlerResponse) -> {
			RolloutResponse response = run.completed(completed(handlerResponse, request, context));
			byte[] responseBody = ErrorBodies.write(response);
			run.succeeded(response);
			return RouteResponse.json(200, responseBody);
		}).onErrorResume((ex) -> {
			run.failed(statusOf(ex), ex);
			return Mono.just(failed(request, ex));
		}).doOnCancel(run::cancelled);
	}

	/**
	 * Answers a rollout the admission refused.
	 * @param rejection the refusal
	 * @return the 503 answer
	 */
	static RouteResponse rejected(RolloutAdmission.Rejection rejection) {
		return new RouteResponse(rejection.status(), rejection.body(), rejection.headers());
	}

	/**
	 * Answers a body over the size limit.
	 * @param maxBytes the limit
	 * @return the 413 answer
	 */
	static RouteResponse payloadTooLarge(long maxBytes) {
		return RouteResponse.json(413, ErrorBodies.error("payload_too_large",
				"Request body exceeds the limit of " + maxBytes + " bytes (task-app.max-request-size)"));
	}

	/**
	 * Answers a body that did not arrive in time; the connection is closed after it.
	 * @param timeout the time the body was given
	 * @return the 408 answer
	 */
	static RouteResponse bodyReadTimeout(Duration timeout) {
		return RouteResponse
			.json(408, ErrorBodies.error("request_timeout", "The request body was not received within "
					+ timeout.toMillis() + " ms (task-app.server.body-read-timeout)"))
			.withHeader("Connection", "close");
	}

	/**
	 * Bounds a rollout by the caller's {@code safety.max_time_s}: one that outlives it is
	 * cancelled and answered with a 504 that says so. A handler that completes without a
	 * response fails. One operator does both, so a rollout in flight holds one subscriber and
	 * one timer for them.
	 */
	private static Mono<RolloutResponse> withinMaxTime(Mono<RolloutResponse> rollout, RolloutRequest request,
			Scheduler timers) {
		double maxTimeS = request.safety().maxTimeS();
		if (!(maxTimeS > 0) || Double.isInfinite(maxTimeS) || maxTimeS > MAX_TIME_CAP_S) {
			return Deadlines.nonEmpty(rollout, RolloutEndpoint::emptyResponse);
		}
		Duration maxTime = Duration.ofNanos((long) (maxTimeS * 1e9));
		return Deadlines.within(rollout, maxTime, () -> new TaskAppHttpException(504, "rollout_timeout",
				"The rollout of run_id " + request.runId() + " did not finish within safety.max_time_s=" + maxTimeS
						+ " s and was cancelled",
				Map.of()), RolloutEndpoint::emptyResponse, timers);
	}

	private static IllegalStateException emptyResponse() {
		return new IllegalStateException("The rollout handler completed without a response");
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

	private static RouteResponse failed(RolloutRequest request, Throwable ex) {
		if (ex instanceof TaskAppHttpException httpException) {
			if (httpException.getStatus() >= 500) {
				logger.warn("Rollout " + LogText.of(request.runId()) + " answered " + httpException.getStatus() + ": "
						+ LogText.of(httpException.getMessage()));
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Rollout " + LogText.of(request.runId()) + " answered " + httpException.getStatus() + ": "
						+ LogText.of(httpException.getMessage()));
			}
			return RouteResponse.json(httpException.getStatus(), ErrorBodies.error(httpException.getCode(),
					String.valueOf(httpException.getMessage()), httpException.getDetails()));
		}
		logger.error("Rollout handler failed for run_id " + LogText.of(request.runId()), ex);
		return RouteResponse.json(500, ErrorBodies.error("rollout_failed",
				"The rollout handler failed for run_id " + request.runId() + "; the task app log has the cause"));
	}

}
