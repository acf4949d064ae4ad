package dev.taskapp.openapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taskapp.autoconfigure.TaskAppContainerAutoConfiguration;
import dev.taskapp.support.TaskAppJson;
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
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document of an app serving the container contract: every container route it
 * serves is documented, and every documented operation answers with a documented status.
 */
@SpringBootTest(classes = OpenApiTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_openapi_container_key", "task-app.contract=container",
				"task-app.tunnel.mode=local" })
class ContainerOpenApiDocumentTests {

	private static final String KEY = "sk_openapi_container_key";

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
			.responseTimeout(Duration.ofSeconds(20))
			.build();
		byte[] body = this.client.get().uri("/openapi.json").exchange().expectStatus().isOk().expectBody()
			.returnResult().getResponseBody();
		this.document = TaskAppJson.mapper().readTree(body);
	}

	@Test
	void everyServedContainerRouteIsDocumentedAndNoTaskAppRouteIs() {
		RouterFunction<?> routes = this.context.getBean(TaskAppContainerAutoConfiguration.ROUTER_FUNCTION_BEAN_NAME,
				RouterFunction.class);
		List<ServedRoutes.Route> served = ServedRoutes.of(routes);
		assertThat(served).extracting(ServedRoutes.Route::path)
			.contains("/metadata", "/program", "/taskset", "/taskset/tasks", "/rollout", "/rollouts/{rollout_id}/state");
		for (ServedRoutes.Route route : served) {
			if (route.path().endsWith("/**")) {
				continue;
			}
			JsonNode item = this.document.path("paths").path(route.path());
			assertThat(item.isObject()).as("%s is documented", route.path()).isTrue();
			if (!route.method().equals(ServedRoutes.Route.ANY)) {
				assertThat(item.has(route.method().toLowerCase())).as("%s %s is documented", route.method(), route.path())
					.isTrue();
			}
		}
		assertThat(this.document.path("paths").has("/done")).isFalse();
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
					assertThat(call(operation.getKey(), path.getKey(), false)).isEqualTo(401);
				}
				called.add(operation.getKey() + " " + path.getKey());
			}
		}
		assertThat(called).contains("get /metadata", "post /rollout", "get /rollouts/{rollout_id}/state");
	}

	private int call(String method, String path, boolean withKey) {
		WebTestClient.RequestBodySpec request = this.client.method(HttpMethod.valueOf(method.toUpperCase()))
			.uri(path.replace("{rollout_id}", "unknown-rollout"));
		if (withKey) {
			request.header("Authorization", "Bearer " + KEY);
		}
		return (method.equals("post") ? request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}") : request)
			.exchange()
			.expectBody()
			.returnResult()
			.getStatus()
			.value();
	}

}
