package dev.taskapp.client;

import java.time.Duration;
import java.util.Locale;

import dev.taskapp.support.TaskAppJson;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The health check of §5.1 of the task-app contract, as the Synth SDK's
 * {@code check_task_app_health} performs it: {@code GET /health}, then {@code GET /task_info},
 * both with the API key headers; connection failures retried with exponential backoff; never
 * an error signal.
 */
final class HealthCheck {

	static final String HEALTH = "/health";

	static final String TASK_INFO = "/task_info";

	static final String METADATA = "/metadata";

	private static final String EXPECTED_PREFIX_FIELD = "expected_api_key_prefix";

	private static final String EXPECTED_PREFIX_TEXT = "expected prefix";

	private final HttpExchange exchange;

	private final Duration timeout;

	private final int maxRetries;

	private final Duration firstBackoff;

	private final String describedBy;

	HealthCheck(HttpExchange exchange, Duration timeout, int maxRetries, Duration firstBackoff) {
		this(exchange, timeout, maxRetries, firstBackoff, TASK_INFO);
	}

	/**
	 * Creates the check of an app whose description is read from the given path after
	 * {@code /health}: {@code /task_info} for a task app, {@code /metadata} for a container.
	 */
	HealthCheck(HttpExchange exchange, Duration timeout, int maxRetries, Duration firstBackoff, String describedBy) {
		this.exchange = exchange;
		this.timeout = timeout;
		this.maxRetries = maxRetries;
		this.firstBackoff = firstBackoff;
		this.describedBy = describedBy;
	}

	/**
	 * Checks the task app.
	 * @return the result; never an error
	 */
	Mono<TaskAppHealth> check() {
		RetryBackoffSpec retry = Retry.backoff(this.maxRetries, this.firstBackoff)
			.jitter(0)
			.filter((ex) -> ex instanceof TransportFailure failure && failure.isConnectionFailure())
			.onRetryExhaustedThrow((spec, signal) -> new RetriesExhausted((TransportFailure) signal.failure(),
					signal.totalRetries() + 1));
		return Mono.defer(this::attempt)
			.retryWhen(retry)
			.onErrorResume(RetriesExhausted.class, (ex) -> Mono.just(unreachable(ex.failure, ex.attempts)))
			.onErrorResume(TransportFailure.class, (failure) -> Mono.just(unreachable(failure, 1)));
	}

	private Mono<TaskAppHealth> attempt() {
		return probe(HEALTH).flatMap((health) -> probe(this.describedBy)
			.map((taskInfo) -> result(health, taskInfo, this.describedBy))
			.onErrorResume(TransportFailure.class, (failure) -> failure.isConnectionFailure() ? Mono.error(failure)
					: Mono.just(new TaskAppHealth(false, health.status(), null,
							HEALTH + "=" + health.status() + ", " + this.describedBy + ": " + failure.description()))));
	}

	private Mono<RawResponse> probe(String path) {
		return this.exchange.get(TaskAppRequest.get(path), true, this.timeout);
	}

	private static TaskAppHealth result(RawResponse health, RawResponse taskInfo, String describedBy) {
		boolean ok = isHealthy(health) && taskInfo.status() == 200;
		String detail = HEALTH + "=" + health.status() + ", " + describedBy + "=" + taskInfo.status();
		return new TaskAppHealth(ok, health.status(), taskInfo.status(), detail);
	}

	/**
	 * Whether {@code /health} counts as healthy: 200, or 401/403 whose JSON body shows that the
	 * app is up and only asks for another key ({@code expected_api_key_prefix}, or a
	 * {@code detail} mentioning the expected prefix).
	 * @param health the answer of {@code /health}
	 * @return whether it counts as healthy
	 */
	static boolean isHealthy(RawResponse health) {
		if (health.status() == 200) {
			return true;
		}
		if (health.status() != 401 && health.status() != 403) {
			return false;
		}
		JsonNode body;
		try {
			body = TaskAppJson.mapper().readTree(health.body());
		}
		catch (JacksonException ex) {
			return false;
		}
		if (body == null || !body.isObject()) {
			return false;
		}
		if (body.findValue(EXPECTED_PREFIX_FIELD) != null) {
			return true;
		}
		JsonNode detail = body.path("detail");
		String detailText = detail.isString() ? detail.stringValue() : detail.toString();
		return !detail.isMissingNode() && detailText.toLowerCase(Locale.ROOT).contains(EXPECTED_PREFIX_TEXT);
	}

	private static TaskAppHealth unreachable(TransportFailure failure, long attempts) {
		String detail = failure.request().path() + ": " + failure.description()
				+ ((attempts > 1) ? " (after " + attempts + " attempts)" : "");
		return new TaskAppHealth(false, null, null, detail);
	}

	/**
	 * The last connection failure, once the retries are used up.
	 */
	private static final class RetriesExhausted extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient TransportFailure failure;

		private final long attempts;

		RetriesExhausted(TransportFailure failure, long attempts) {
			super(failure.getMessage(), failure, false, false);
			this.failure = failure;
			this.attempts = attempts;
		}

	}

}
