package dev.taskapp.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tracing.TraceStoreReader;
import dev.taskapp.web.TaskAppApiKeys;
import dev.taskapp.web.TaskAppRouteSettings;
import dev.taskapp.web.TaskAppRoutes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The console routes under the task app's base path: {@code GET /console} (the page, its
 * script and style sheet, open: they hold no data) and the JSON the page reads,
 * {@code GET /console/api/status}, {@code GET /console/api/rollouts/{id}} and, with a trace
 * store, {@code GET /console/api/stored}, behind the task app's API key. The page takes the key in a sign-in form and sends it as a header, never in a
 * URL.
 */
public final class ConsoleRoutes {

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
			+ " img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

	private static final Log logger = LogFactory.getLog(ConsoleRoutes.class);

	private static final int STORED_ROLLOUTS = 100;

	private final RolloutLog log;

	private final ConsoleViews views;

	private final @Nullable TraceStoreReader store;

	private ConsoleRoutes(RolloutLog log, ConsoleViews views, @Nullable TraceStoreReader store) {
		this.log = log;
		this.views = views;
		this.store = store;
	}

	/**
	 * Returns the console routes of a task app.
	 * @param appId the task app's id
	 * @param log the log of its rollouts
	 * @param load the load figures to show
	 * @param tunnel where it can be reached
	 * @param keys the accepted API keys
	 * @param settings how the task-app routes are served
	 * @param store the trace store, or {@code null} when traces are not stored
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> of(String appId, RolloutLog log, RolloutLoad load,
			ConsoleTunnel tunnel, TaskAppApiKeys keys, TaskAppRouteSettings settings,
			@Nullable TraceStoreReader store) {
		ConsoleRoutes routes = new ConsoleRoutes(log, new ConsoleViews(appId, log, load, tunnel, store != null),
				store);
		byte[] page = resource("console.html");
		byte[] script = resource("console.js");
		byte[] styles = resource("console.css");
		RouterFunction<ServerResponse> assets = RouterFunctions.route()
			.GET(settings.path("/console"), (request) -> asset(MediaType.parseMediaType("text/html;charset=UTF-8"), page))
			.GET(settings.path("/console/console.js"),
					(request) -> asset(MediaType.parseMediaType("text/javascript;charset=UTF-8"), script))
			.GET(settings.path("/console/console.css"),
					(request) -> asset(MediaType.parseMediaType("text/css;charset=UTF-8"), styles))
			.build();
		RouterFunction<ServerResponse> api = RouterFunctions.route()
			.GET(settings.path("/console/api/status"), routes::status)
			.GET(settings.path("/console/api/rollouts/{id}"), routes::rollout)
			.GET(settings.path("/console/api/stored"), routes::stored)
			.filter(TaskAppRoutes.apiKeyFilter(keys, settings))
			.build();
		return assets.and(api);
	}

	private Mono<ServerResponse> status(ServerRequest request) {
		this.log.viewed();
		return json(HttpStatus.OK, this.views.status());
	}

	private Mono<ServerResponse> rollout(ServerRequest request) {
		String id = request.pathVariable("id");
		long number;
		try {
			number = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			return json(HttpStatus.UNPROCESSABLE_CONTENT, error("invalid_rollout_id",
					"The rollout id must be the number the console listed, got '" + shorten(id) + "'"));
		}
		ConsoleRollout rollout = this.log.get(number);
		if (rollout == null) {
			return json(HttpStatus.NOT_FOUND, error("rollout_not_found", "Rollout " + number
					+ " is not in the console's log: only the most recent rollouts are kept (task-app.console.rollouts)"));
		}
		return json(HttpStatus.OK, ConsoleViews.detail(rollout));
	}

	private Mono<ServerResponse> stored(ServerRequest request) {
		TraceStoreReader store = this.store;
		if (store == null) {
			return json(HttpStatus.NOT_FOUND, error("no_trace_store",
					"Rollout traces are not stored; set task-app.tracing.enabled=true to store them"));
		}
		return Mono.fromCallable(() -> store.recentRollouts(STORED_ROLLOUTS))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((rollouts) -> json(HttpStatus.OK,
					Map.of("rollouts", rollouts.stream().map(ConsoleViews::stored).toList())))
			.onErrorResume((ex) -> {
				logger.debug("The console could not read the trace store", ex);
				return json(HttpStatus.SERVICE_UNAVAILABLE, error("trace_store_unreadable",
						"The trace store could not be read; it is created with the first stored rollout"));
			});
	}

	private static Map<String, Object> error(String code, String message) {
		return Map.of("detail", Map.of("error", Map.of("code", code, "message", message)));
	}

	private static String shorten(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "…" : text;
	}

	private static Mono<ServerResponse> json(HttpStatus status, Object body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.bodyValue(TaskAppJson.mapper().writeValueAsBytes(body));
	}

	private static Mono<ServerResponse> asset(MediaType type, byte[] body) {
		return ServerResponse.ok()
			.contentType(type)
			.cacheControl(CacheControl.noCache())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "no-referrer")
			.bodyValue(body);
	}

	private static byte[] resource(String name) {
		try (InputStream in = new ClassPathResource(name, ConsoleRoutes.class).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The console's " + name + " is missing from the class path", ex);
		}
	}

}
