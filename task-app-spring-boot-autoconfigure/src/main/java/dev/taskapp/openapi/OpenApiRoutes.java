package dev.taskapp.openapi;

import java.util.List;

import dev.taskapp.web.TaskAppRouteSettings;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves {@code GET /openapi.json} under the base path, without the API key: the document
 * describes routes, never data or secrets, and the Swagger UI page must load it before its
 * user has entered a key.
 */
public final class OpenApiRoutes {

	/** The route of the document, under the base path. */
	public static final String DOCUMENT_ROUTE = "/openapi.json";

	private OpenApiRoutes() {
	}

	/**
	 * Returns the route of the document the contributors describe; the document is built once.
	 * @param title the title of the document, usually the app's name
	 * @param version the version of the app
	 * @param settings how the task-app routes are served; the document is served under their
	 * base path
	 * @param contributors the contracts the app serves
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> document(String title, String version,
			TaskAppRouteSettings settings, List<? extends OpenApiContributor> contributors) {
		OpenApiDocumentBuilder builder = new OpenApiDocumentBuilder(title, version);
		contributors.forEach((contributor) -> contributor.contribute(builder));
		byte[] json = builder.toJson();
		return RouterFunctions.route()
			.GET(settings.path(DOCUMENT_ROUTE),
					(request) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json))
			.build();
	}

	/**
	 * Returns the routes of the Swagger UI page: {@code GET /docs}, pointed at the document,
	 * and its assets under {@code /docs/}.
	 * @param swaggerUi the Swagger UI web jar
	 * @param settings how the task-app routes are served; the page is served under their base
	 * path
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> docs(SwaggerUi swaggerUi, TaskAppRouteSettings settings) {
		byte[] page = swaggerUi.page();
		return RouterFunctions.route()
			.GET(settings.path(SwaggerUi.PAGE_ROUTE),
					(request) -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page))
			.build()
			.and(RouterFunctions.resources(settings.path(SwaggerUi.PAGE_ROUTE) + "/**", swaggerUi.assets()));
	}

}
