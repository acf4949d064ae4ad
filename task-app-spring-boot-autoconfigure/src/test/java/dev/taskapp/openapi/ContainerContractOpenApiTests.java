package dev.taskapp.openapi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import dev.taskapp.web.TaskAppRouteSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The container contract's part of the OpenAPI document: the routes GEPA v2 calls, under
 * their base path, with {@code /} and {@code /health} open.
 */
class ContainerContractOpenApiTests {

	private static final TaskAppRouteSettings SETTINGS = new TaskAppRouteSettings("/c", true, 401, 1024,
			Duration.ofSeconds(30));

	@Test
	void documentsTheRoutesGepaCallsUnderTheBasePath() {
		JsonNode paths = document(new ContainerContractOpenApi(SETTINGS)).path("paths");
		assertThat(paths.propertyNames()).contains("/c", "/c/health", "/c/metadata", "/c/info", "/c/task_info",
				"/c/program", "/c/taskset", "/c/taskset/tasks", "/c/dataset", "/c/dataset/rows", "/c/rollout",
				"/c/rollouts", "/c/rollouts/{rollout_id}", "/c/rollouts/{rollout_id}/state",
				"/c/rollouts/{rollout_id}/terminate");
		assertThat(paths.path("/c/taskset/tasks").has("post")).isTrue();
		assertThat(paths.path("/c/rollouts").path("post").path("responses").propertyNames()).contains("200", "202",
				"401", "422");
	}

	@Test
	void onlyRootAndHealthAreOpen() {
		JsonNode paths = document(new ContainerContractOpenApi(SETTINGS)).path("paths");
		List<String> open = new java.util.ArrayList<>();
		for (Map.Entry<String, JsonNode> path : paths.properties()) {
			path.getValue().properties().forEach((operation) -> {
				if (operation.getValue().path("security").isEmpty()) {
					open.add(operation.getKey() + " " + path.getKey());
				}
			});
		}
		assertThat(open).containsExactlyInAnyOrder("get /c", "get /c/health");
	}

	@Test
	void metadataSchemaRequiresTheGepaContract() {
		JsonNode schemas = document(new ContainerContractOpenApi(SETTINGS)).path("components").path("schemas");
		JsonNode gepa = schemas.path("ContainerMetadata")
			.path("properties")
			.path("metadata")
			.path("properties")
			.path("optimizer_contracts")
			.path("properties")
			.path("gepa");
		assertThat(gepa.path("required").valueStream().map(JsonNode::asString)).contains("version", "program_route",
				"taskset_route", "taskset_tasks_route", "rollout_route");
	}

	@Test
	void bothContractsAtTheSamePathsAreRefused() {
		TaskAppRouteSettings root = new TaskAppRouteSettings("", true, 401, 1024, Duration.ofSeconds(30));
		OpenApiDocumentBuilder builder = new OpenApiDocumentBuilder("app", "1");
		new TaskAppContractOpenApi(root).contribute(builder);
		assertThatIllegalStateException().isThrownBy(() -> new ContainerContractOpenApi(root).contribute(builder))
			.withMessageContaining("documented twice");
	}

	private static JsonNode document(OpenApiContributor contributor) {
		OpenApiDocumentBuilder builder = new OpenApiDocumentBuilder("app", "1");
		contributor.contribute(builder);
		return TaskAppJson.mapper().readTree(builder.toJson());
	}

}
