package dev.taskapp.openapi;

import java.util.List;
import java.util.Map;

import dev.taskapp.web.TaskAppRouteSettings;

import static dev.taskapp.openapi.OpenApiSchemas.array;
import static dev.taskapp.openapi.OpenApiSchemas.bool;
import static dev.taskapp.openapi.OpenApiSchemas.enumeration;
import static dev.taskapp.openapi.OpenApiSchemas.freeForm;
import static dev.taskapp.openapi.OpenApiSchemas.integer;
import static dev.taskapp.openapi.OpenApiSchemas.number;
import static dev.taskapp.openapi.OpenApiSchemas.object;
import static dev.taskapp.openapi.OpenApiSchemas.properties;
import static dev.taskapp.openapi.OpenApiSchemas.string;

/**
 * The routes of the Synth container contract ({@code synth.container.contract.v1}) with its
 * GEPA sub-contract {@code synth_optimizers.gepa.v2}: discovery ({@code /metadata},
 * {@code /program}, {@code /taskset}, {@code /taskset/tasks}), rollouts, sync and async, and
 * their state. {@code /} and {@code /health} are open; the others need the API key when
 * authentication is on.
 */
public final class ContainerContractOpenApi implements OpenApiContributor {

	private static final String ROLLOUT_ID = "rollout_id";

	private final TaskAppRouteSettings settings;

	/**
	 * Creates the contribution of container routes served with the given settings.
	 * @param settings how the container routes are served: their base path and authentication
	 */
	public ContainerContractOpenApi(TaskAppRouteSettings settings) {
		this.settings = settings;
	}

	@Override
	public void contribute(OpenApiDocumentBuilder document) {
		OpenApiAuth auth = new OpenApiAuth(this.settings.authEnabled(), this.settings.authFailureStatus(),
				"ContainerError");
		document.contract("container", "The Synth container contract (synth.container.contract.v1) that GEPA v2"
				+ " (synth_optimizers.gepa.v2) calls");
		document.operation("GET", path("/"), OpenApiOperation.open("Liveness, without the API key")
			.response(200, "The container is up", "ContainerRootResponse"));
		document.operation("GET", path("/health"), OpenApiOperation.open("Health, without the API key")
			.response(200, "The container is healthy", "ContainerHealthResponse"));
		for (String route : new String[] { "/metadata", "/info" }) {
			document.operation("GET", path(route), OpenApiOperation
				.secured("Capabilities and optimizer contracts" + (route.equals("/info") ? " (alias of /metadata)" : ""),
						auth)
				.response(200, "The container's metadata", "ContainerMetadata"));
		}
		document.operation("GET", path("/task_info"), OpenApiOperation.secured("One task instance", auth)
			.query("seed", integer("seed of the instance"))
			.query("split_group", string("split of the instance"))
			.query("task_id", string("task id, such as train:0"))
			.query("task_instance_id", string("task instance id, <split>:<seed>"))
			.response(200, "The task instance", "ContainerTaskInfo")
			.response(404, "The container declares no data set", "ContainerError")
			.response(422, "The query is not valid", "ContainerValidationError"));
		document.operation("GET", path("/program"), OpenApiOperation.secured("The prompt program", auth)
			.response(200, "The prompt program (prompt_program.v1)", "PromptProgram")
			.response(404, "The container declares no program", "ContainerError"));
		document.operation("GET", path("/taskset"), OpenApiOperation.secured("The taskset: ids, splits, labels", auth)
			.response(200, "The taskset", "Taskset")
			.response(404, "The container declares no data set", "ContainerError"));
		document.operation("POST", path("/taskset/tasks"),
				OpenApiOperation.secured("The task rows of the requested ids, one per id, in order", auth)
					.requestBody("TasksetTasksRequest")
					.response(200, "The task rows", "TasksetTasksResponse")
					.response(404, "The container declares no data set", "ContainerError")
					.response(422, "The request is not valid", "ContainerValidationError"));
		document.operation("GET", path("/dataset"), OpenApiOperation.secured("The taskset, as the docs name it", auth)
			.response(200, "The taskset", "Taskset")
			.response(404, "The container declares no data set", "ContainerError"));
		document.operation("POST", path("/dataset/rows"),
				OpenApiOperation.secured("The task rows of the requested ids, as the docs name it", auth)
					.requestBody("TasksetTasksRequest")
					.response(200, "The task rows", "TasksetTasksResponse")
					.response(404, "The container declares no data set", "ContainerError")
					.response(422, "The request is not valid", "ContainerValidationError"));
		for (String route : new String[] { "/rollout", "/rollouts" }) {
			document.operation("POST", path(route), OpenApiOperation.secured("Runs one rollout, sync or async", auth)
				.requestBody("ContainerRolloutRequest")
				.response(200, "The result of a sync rollout", "ContainerRolloutResponse")
				.response(202, "An async rollout is running", "RolloutState")
				.response(422, "The request is not valid", "ContainerValidationError")
				.response(503, "The container already runs as many rollouts as it admits (scale_leases); retry after"
						+ " Retry-After", "ContainerValidationError"));
		}
		for (String route : new String[] { "/trace/bundle", "/task_catalog", "/compatibility" }) {
			document.operation("GET", path(route),
					OpenApiOperation.secured("A contract route this prompt-optimisation container does not serve", auth)
						.response(404, "Not served: container_route_not_supported", "ContainerError"));
		}
		document.operation("GET", path("/rollouts/{rollout_id}"), OpenApiOperation.secured("A rollout's record", auth)
			.pathParameter(ROLLOUT_ID, string("the rollout id"))
			.response(200, "The rollout's record", "ContainerRolloutResponse")
			.response(404, "No such rollout", "ContainerError"));
		document.operation("GET", path("/rollouts/{rollout_id}/state"),
				OpenApiOperation.secured("A rollout's state, polled by GEPA until terminal", auth)
					.pathParameter(ROLLOUT_ID, string("the rollout id"))
					.response(200, "The rollout's state", "RolloutState")
					.response(404, "No such rollout", "ContainerError"));
		document.operation("POST", path("/rollouts/{rollout_id}/terminate"),
				OpenApiOperation.secured("Cancels a rollout", auth)
					.pathParameter(ROLLOUT_ID, string("the rollout id"))
					.response(200, "The rollout's state after termination", "RolloutState")
					.response(404, "No such rollout", "ContainerError"));
		schemas(document);
	}

	private String path(String route) {
		return this.settings.path(route);
	}

	private static void schemas(OpenApiDocumentBuilder document) {
		document.schema("ContainerRootResponse", freeForm("Liveness answer"));
		document.schema("ContainerHealthResponse", object("Health answer",
				properties("status", string("ok"), "contract_version", string("the contract version")), "status"));
		Map<String, Object> readiness = object("Readiness",
				properties("policy_ready", bool("policy ready"), "program_ready", bool("program ready")), "policy_ready",
				"program_ready");
		Map<String, Object> capabilities = object("Capabilities",
				properties("protocol", string("synth.container.contract.v1"), "contract_version",
						string("such as 2026-05-28"), "live_frames",
						enumeration("live frames", "native", "sampled", "post_hoc", "unsupported"), "rollout_modes",
						array("rollout modes", enumeration("a mode", "blocking", "async")), "scale_leases",
						integer("the in-flight limit"), "metadata", readiness),
				"protocol", "contract_version", "live_frames", "metadata");
		Map<String, Object> gepa = object("The GEPA sub-contract",
				properties("version", string("synth_optimizers.gepa.v2"), "program_route", string("/program"),
						"taskset_route", string("/taskset"), "taskset_tasks_route", string("/taskset/tasks"),
						"rollout_route", string("/rollout")),
				"version", "program_route", "taskset_route", "taskset_tasks_route", "rollout_route");
		Map<String, Object> metadata = object("Metadata",
				properties("optimizer_contracts", object("Optimizer contracts", properties("gepa", gepa), "gepa")),
				"optimizer_contracts");
		document.schema("ContainerMetadata", object("What the container offers",
				properties("capabilities", capabilities, "metadata", metadata), "capabilities", "metadata"));
		document.schema("ContainerTaskInfo", freeForm("A task instance: task, dataset, inference, limits,"
				+ " task_metadata"));
		document.schema("PromptProgram", object("A prompt program",
				properties("version", string("prompt_program.v1"), "program_id", string("program id"), "modules",
						array("the modules", object("A module",
								properties("module_id", string("module id"), "role",
										enumeration("role", "system", "user"), "content", string("template"),
										"mutable", bool("whether the optimiser may change it"), "candidate_field",
										string("candidate field"), "template_variables",
										array("variables", string("a variable"))),
								"module_id", "role", "content")),
						"target_modules",
						array("the modules the optimiser changes", freeForm("module_id, candidate_field, objective")),
						"seed_candidate", freeForm("candidate field to initial text")),
				"version", "program_id", "modules", "target_modules", "seed_candidate"));
		document.schema("Taskset", object("The taskset",
				properties("taskset_id", string("taskset id"), "splits", freeForm("splits by name"), "labels",
						array("labels", string("a label")), "source", freeForm("source"), "metadata",
						freeForm("metadata"))));
		document.schema("TasksetTasksRequest", object("The tasks asked for",
				properties("split", string("the split"), "task_ids", array("task ids, such as train:0",
						Map.of("oneOf", List.of(Map.of("type", "string"), Map.of("type", "integer")))),
						"filters", freeForm("filters")),
				"task_ids"));
		document.schema("TasksetTasksResponse", object("Task rows, one per requested id, in order",
				properties("tasks", array("the rows", object("A task row", properties("task_id", string("task id")),
						"task_id")), "metadata", freeForm("metadata")),
				"tasks"));
		document.schema("ContainerRolloutRequest", object("A rollout request as GEPA v2 sends it; unknown fields"
				+ " are ignored and a missing rollout_id is minted",
				properties(ROLLOUT_ID, string("rollout id; minted when absent"), "submission_mode",
						enumeration("sync or async", "sync", "async"), "idempotency_key",
						string("a repeated key returns the first record"), "task_id", string("task id"),
						"task_instance_id", string("<split>:<seed>"), "task", freeForm("the task row"), "dataset_row",
						freeForm("the task row"), "env", freeForm("config and seed"), "candidate",
						freeForm("candidate field to prompt text"), "candidate_overlay", freeForm("overlay"),
						"policy",
						object("The policy target",
								properties("provider", string("such as openai"), "model", string("model"),
										"api_family", enumeration("API family", "chat_completions", "responses"),
										"inference_url", string("inference URL"), "base_url", string("base URL"),
										"credential_mode", enumeration("credential mode", "byok", "proxy"),
										"config", freeForm("free-form; never a raw credential")),
								"provider", "model"),
						"metadata", freeForm("candidate_id, seed"))));
		document.schema("ContainerRolloutResponse", object("The result of a rollout",
				properties(ROLLOUT_ID, string("rollout id"), "trace_correlation_id", string("trace correlation id"),
						"status", string("state"), "success_status", string("success status"), "reward_info",
						object("Rewards", properties("outcome_reward", number("the reward GEPA reads"),
								"event_rewards", array("event rewards", number("a reward")), "details",
								freeForm("details")), "outcome_reward"),
						"objective_scores", freeForm("scores by objective"), "summary", freeForm("outcome_reward"),
						"usage", freeForm("tokens and cost"), "actionable_side_info",
						freeForm("prediction and expected answer, for GEPA's reflection"), "created_at",
						string("creation time"), "updated_at", string("last update")),
				ROLLOUT_ID, "reward_info"));
		document.schema("RolloutState", object("A rollout's state",
				properties(ROLLOUT_ID, string("rollout id"), "status",
						enumeration("state", "queued", "running", "paused", "completed", "failed", "cancelled")),
				ROLLOUT_ID, "status"));
		document.schema("ContainerValidationError", object("Bad input",
				properties("code", string("machine-readable code"), "message", string("what is wrong"), "fields",
						array("the fields in error", freeForm("a field and what is wrong with it"))),
				"code", "message"));
		document.schema("ContainerError", object("An error",
				properties("code", string("machine-readable code"), "message", string("what happened"))));
	}

}
