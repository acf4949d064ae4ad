package dev.taskapp.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import dev.taskapp.web.TaskAppApiKeys;
import dev.taskapp.web.TaskAppRouteSettings;
import dev.taskapp.web.TaskAppRoutes;
import reactor.core.publisher.Mono;

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
 * {@code GET /console/api/status} and {@code GET /console/api/rollouts/{id}}, behind the task
 * app's API key. The page takes the key in a sign-in form and sends it as a header, never in a
 * URL.
 */
public final class ConsoleRoutes {

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
			+ " img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

	private final RolloutLog log;

	private final ConsoleViews views;

	private ConsoleRoutes(RolloutLog log, ConsoleViews views) {
		this.log = log;
		this.views = views;
	}

	/**
	 * Returns the console routes of a task app.
	 * @param appId the task app's id
	 * @param log the log of its rollouts
	 * @param load the load figures to show
	 * @param tunnel where it can be reached
	 * @param keys the accepted API keys
	 * @param settings how the task-app routes are served
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> of(String appId, RolloutLog log, RolloutLoad load,
			ConsoleTunnel tunnel, TaskAppApiKeys keys, TaskAppRouteSettings settings) {
		ConsoleRoutes routes = new ConsoleRoutes(log, new ConsoleViews(appId, log, load, tunnel));
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
