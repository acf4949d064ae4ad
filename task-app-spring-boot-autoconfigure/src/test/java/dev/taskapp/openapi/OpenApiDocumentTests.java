package dev.taskapp.openapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taskapp.autoconfigure.TaskAppConsoleAutoConfiguration;
import dev.taskapp.autoconfigure.TaskAppOpenApiAutoConfiguration;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.web.TaskAppNettyRoutes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document of a running app under a base path: it documents exactly the routes
 * the server has, and every documented operation answers with a status it documents.
 */
@SpringBootTest(classes = OpenApiTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_openapi_key", "task-app.base-path=/task" })
class OpenApiDocumentTests {

	private static final String KEY = "sk_openapi_key";

	/** Routes of the document itself and of the console page: not part of a wire contract. */
	private static final List<String> DOCUMENTATION_ROUTES = List.of(
			TaskAppOpenApiAutoConfiguration.DOCUMENT_ROUTER_FUNCTION_BEAN_NAME,
			TaskAppOpenApiAutoConfiguration.DOCS_ROUTER_FUNCTION_BEAN_NAME,
			TaskAppConsoleAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME);

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private WebTestClient client;

	private JsonNode document;

	@BeforeEach
	void readDocument() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		byte[] body = this.client.get()
			.uri("/task/openapi.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.returnResult()
			.getResponseBody();
		this.document = TaskAppJson.mapper().readTree(body);
	}

	@Test
	void everyServedRouteIsDocumented() {
		List<ServedRoutes.Route> served = new ArrayList<>();
		this.context.getBeansOfType(RouterFunction.class).forEach((name, routerFunction) -> {
			if (!DOCUMENTATION_ROUTES.contains(name)) {
				served.addAll(ServedRoutes.of(routerFunction));
			}
		});
		this.context.getBeansOfType(TaskAppNettyRoutes.class).values().forEach((routes) -> served.addAll(ServedRoutes.of(routes)));
		assertThat(served).extracting(ServedRoutes.Route::path)
			.contains("/task", "/task/health", "/task/info", "/task/task_info", "/task/rollout", "/task/done");
		assertThat(served).extracting(ServedRoutes.Route::method).contains("GET", "HEAD", "POST");
		for (ServedRoutes.Route route : served) {
			JsonNode item = this.document.path("paths").path(route.path());
			assertThat(item.isObject()).as("%s is documented", route.path()).isTrue();
			if (!route.method().equals(ServedRoutes.Route.ANY)) {
				assertThat(item.has(route.method().toLowerCase())).as("%s %s is documented", route.method(), route.path())
					.isTrue();
			}
		}
	}

	@Test
	void everyDocumentedOperationAnswersWithADocumentedStatus() {
		List<String> called = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : this.document.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				JsonNode responses = operation.getValue().path("responses");
				int withKey = call(operation.getKey(), path.getKey(), true);
				assertThat(responses.has(String.valueOf(withKey)))
					.as("%s %s answered %d with the key; documented: %s", operation.getKey(), path.getKey(), withKey,
							responses.propertyNames())
					.isTrue();
				if (!operation.getValue().path("security").isEmpty()) {
					int withoutKey = call(operation.getKey(), path.getKey(), false);
					assertThat(withoutKey).isEqualTo(401);
					assertThat(responses.has("401")).isTrue();
				}
				called.add(operation.getKey() + " " + path.getKey());
			}
		}
		assertThat(called).containsExactlyInAnyOrder("get /task", "head /task", "get /task/health", "get /task/info",
				"get /task/task_info", "post /task/rollout", "post /task/done");
	}

	@Test
	void rootIsTheOnlyOpenOperation() {
		List<String> open = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : this.document.path("paths").properties()) {
			path.getValue().properties().forEach((operation) -> {
				if (operation.getValue().path("security").isEmpty()) {
					open.add(operation.getKey() + " " + path.getKey());
				}
			});
		}
		assertThat(open).containsExactlyInAnyOrder("get /task", "head /task");
	}

	@Test
	void documentNamesTheKeyHeadersAndTheBearerScheme() {
		JsonNode schemes = this.document.path("components").path("securitySchemes");
		assertThat(schemes.path(OpenApiDocumentBuilder.API_KEY_SCHEME).path("name").asString()).isEqualTo("X-API-Key");
		assertThat(schemes.path(OpenApiDocumentBuilder.API_KEYS_SCHEME).path("name").asString())
			.isEqualTo("X-API-Keys");
		assertThat(schemes.path(OpenApiDocumentBuilder.BEARER_SCHEME).path("scheme").asString()).isEqualTo("bearer");
		assertThat(this.document.path("openapi").asString()).isEqualTo("3.1.0");
		assertThat(this.document.path("tags").get(0).path("name").asString()).isEqualTo("task-app");
	}

	@Test
	void everySchemaReferenceResolves() {
		List<String> references = new ArrayList<>();
		collectReferences(this.document, references);
		assertThat(references).isNotEmpty();
		JsonNode schemas = this.document.path("components").path("schemas");
		assertThat(references).allSatisfy((reference) -> assertThat(
				schemas.has(reference.substring("#/components/schemas/".length()))).as(reference).isTrue());
	}

	@Test
	void documentNeverContainsTheKey() {
		String json = this.document.toString();
		assertThat(json).doesNotContain(KEY).doesNotContain(KEY.substring(0, 6));
	}

	@Test
	void docsShowsTheSwaggerUiPointedAtTheDocument() {
		String page = this.client.get()
			.uri("/task/docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("SwaggerUIBundle").contains("url: \"openapi.json\"").contains("docs/swagger-ui.css");
		// The page's relative URLs resolve against /task/docs to these.
		this.client.get().uri("/task/docs/swagger-ui-bundle.js").exchange().expectStatus().isOk();
		this.client.get().uri("/task/docs/swagger-ui.css").exchange().expectStatus().isOk();
	}

	private int call(String method, String path, boolean withKey) {
		WebTestClient.RequestBodySpec request = this.client.method(HttpMethod.valueOf(method.toUpperCase()))
			.uri(path);
		if (withKey) {
			request.header("X-API-Key", KEY);
		}
		EntityExchangeResult<byte[]> result = (method.equals("post")
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}") : request)
			.exchange()
			.expectBody()
			.returnResult();
		return result.getStatus().value();
	}

	private static void collectReferences(JsonNode node, List<String> references) {
		if (node.isObject()) {
			node.properties().forEach((entry) -> {
				if (entry.getKey().equals("$ref")) {
					references.add(entry.getValue().asString());
				}
				else {
					collectReferences(entry.getValue(), references);
				}
			});
		}
		else if (node.isArray()) {
			node.forEach((element) -> collectReferences(element, references));
		}
	}

}
