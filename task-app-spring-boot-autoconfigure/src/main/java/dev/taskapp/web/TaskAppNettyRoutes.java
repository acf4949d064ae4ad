package dev.taskapp.web;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.tracing.RolloutTracing;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.boot.reactor.netty.NettyRouteProvider;

/**
 * Serves {@code POST /rollout} and {@code GET /health} on Reactor Netty directly, ahead of
 * WebFlux, with the same API-key check, body limits, answers and {@code task.app.rollout}
 * observation as the WebFlux routes of {@link TaskAppRoutes}. Every other request, including
 * other methods on these paths, falls through to WebFlux.
 * <p>
 * These two routes skip WebFlux entirely: {@code WebFilter}s (Spring Security's among them)
 * do not see them and {@code http.server.requests} does not count them.
 */
public final class TaskAppNettyRoutes implements NettyRouteProvider {

	private static final Log logger = LogFactory.getLog(TaskAppNettyRoutes.class);

	private final TaskAppRouteSettings settings;

	private final byte[] healthBody;

	private final RolloutEndpoint rollouts;

	private final ApiKeyGate gate;

	private final RolloutAdmission admission;

	private final EventLoopSchedulers timers = new EventLoopSchedulers();

	private volatile @Nullable Refusal lastRefusal;

	private TaskAppNettyRoutes(TaskAppRouteSettings settings, byte[] healthBody, RolloutEndpoint rollouts,
			ApiKeyGate gate, RolloutAdmission admission) {
		this.settings = settings;
		this.healthBody = healthBody;
		this.rollouts = rollouts;
		this.gate = gate;
		this.admission = admission;
	}

	/**
	 * Returns the routes of a task app.
	 * @param config the task app
	 * @param keys the accepted API keys
	 * @param settings how the routes are served
	 * @param tracing what happens around every rollout
	 * @param admission the limit on rollouts in flight
	 * @return the route provider
	 */
	public static TaskAppNettyRoutes of(TaskAppConfig config, TaskAppApiKeys keys, TaskAppRouteSettings settings,
			RolloutTracing tracing, RolloutAdmission admission) {
		return new TaskAppNettyRoutes(settings, FixedBodies.of(config, keys, settings).health(),
				new RolloutEndpoint(config, tracing), TaskAppRoutes.gate(keys, settings), admission);
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.post(this.settings.path("/rollout"), this::rollout)
			.get(this.settings.path("/health"), this::health);
	}

	private Publisher<Void> health(HttpServerRequest request, HttpServerResponse response) {
		RouteResponse refusal = refusal(request);
		return send(response, (refusal != null) ? refusal : RouteResponse.json(200, this.healthBody));
	}

	private Publisher<Void> rollout(HttpServerRequest request, HttpServerResponse response) {
		RouteResponse refusal = refusal(request);
		if (refusal != null) {
			return send(response, refusal);
		}
		return Mono.defer(() -> {
			// Refused from the request's head: nothing of the rollout is built, its body is left unread.
			if (!this.admission.tryAcquire()) {
				return send(response, rejected());
			}
			return admitted(request).doFinally((signal) -> this.admission.release())
				.flatMap((answer) -> send(response, answer));
		});
	}

	private Mono<RouteResponse> admitted(HttpServerRequest request) {
		Scheduler timers = this.timers.of(request);
		return NettyRequestBodies.read(request, this.settings.maxRequestBytes(), this.settings.bodyReadTimeout(), timers)
			.flatMap((body) -> this.rollouts.rollout(body, timers))
			.onErrorResume((ex) -> Mono.just(answerTo(ex)));
	}

	/**
	 * Returns the answer to a refused rollout, built once per limit rather than per refusal.
	 */
	private RouteResponse rejected() {
		RolloutAdmission.Rejection rejection = this.admission.rejection();
		Refusal last = this.lastRefusal;
		if (last == null || last.rejection() != rejection) {
			last = new Refusal(rejection, RolloutEndpoint.rejected(rejection));
			this.lastRefusal = last;
		}
		return last.response();
	}

	private @Nullable RouteResponse refusal(HttpServerRequest request) {
		if (!this.settings.authEnabled()) {
			return null;
		}
		HttpHeaders headers = request.requestHeaders();
		return this.gate.check(() -> request.method().name() + " " + request.fullPath(), headers.get(ApiKeyGate.X_API_KEY),
				headers.get(ApiKeyGate.X_API_KEYS), headers.get(HttpHeaderNames.AUTHORIZATION));
	}

	private static RouteResponse answerTo(Throwable ex) {
		if (ex instanceof RequestBodies.PayloadTooLargeException tooLarge) {
			return RolloutEndpoint.payloadTooLarge(tooLarge.maxBytes()).withHeader("Connection", "close");
		}
		if (ex instanceof RequestBodies.BodyReadTimeoutException timeout) {
			return RolloutEndpoint.bodyReadTimeout(timeout.timeout());
		}
		return unexpected(ex);
	}

	private static RouteResponse unexpected(Throwable ex) {
		logger.error("Serving a rollout failed", ex);
		return RouteResponse.json(500, ErrorBodies.error("rollout_failed",
				"Serving the rollout failed; the task app log has the cause"));
	}

	private static Mono<Void> send(HttpServerResponse response, RouteResponse answer) {
		response.status(HttpResponseStatus.valueOf(answer.status()))
			.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
		answer.headers().forEach(response::header);
		return response.sendByteArray(Mono.just(answer.body())).then();
	}

	private record Refusal(RolloutAdmission.Rejection rejection, RouteResponse response) {

	}

}
