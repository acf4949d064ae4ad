package dev.taskapp.openapi;

import java.util.Map;

import dev.taskapp.web.TaskAppRouteSettings;

import static dev.taskapp.openapi.OpenApiSchemas.array;
import static dev.taskapp.openapi.OpenApiSchemas.bool;
import static dev.taskapp.openapi.OpenApiSchemas.enumeration;
import static dev.taskapp.openapi.OpenApiSchemas.freeForm;
import static dev.taskapp.openapi.OpenApiSchemas.integer;
import static dev.taskapp.openapi.OpenApiSchemas.number;
import static dev.taskapp.openapi.OpenApiSchemas.object;
import static dev.taskapp.openapi.OpenApiSchemas.oneOf;
import static dev.taskapp.openapi.OpenApiSchemas.properties;
import static dev.taskapp.openapi.OpenApiSchemas.ref;
import static dev.taskapp.openapi.OpenApiSchemas.string;

/**
 * The routes of the task-app contract ({@code /}, {@code /health}, {@code /info},
 * {@code /task_info}, {@code /rollout}, {@code /done}), under the base path and with the
 * authentication they are served with.
 */
public final class TaskAppContractOpenApi implements OpenApiContributor {

	private final TaskAppRouteSettings settings;

	/**
	 * Creates the contribution of routes served with the given settings.
	 * @param settings how the task-app routes are served
	 */
	public TaskAppContractOpenApi(TaskAppRouteSettings settings) {
		this.settings = settings;
	}

	@Override
	public void contribute(OpenApiDocumentBuilder document) {
		OpenApiAuth auth = new OpenApiAuth(this.settings.authEnabled(), this.settings.authFailureStatus(),
				"AuthError");
		document.contract("task-app", "The task-app contract the GEPA and MIPRO prompt optimisers of late 2025 call");
		document.operation("GET", path("/"), OpenApiOperation.open("Liveness, without the API key")
			.response(200, "The app is up", "RootResponse"));
		document.operation("HEAD", path("/"), OpenApiOperation.open("Liveness, without the API key or a body")
			.response(200, "The app is up", null));
		document.operation("GET", path("/health"), OpenApiOperation.secured("Health, as the SDK checks it", auth)
			.response(200, "The app is healthy", "HealthResponse"));
		document.operation("GET", path("/info"), OpenApiOperation.secured("Service, dataset, rubrics and limits", auth)
			.response(200, "The description of the service", "InfoResponse"));
		document.operation("GET", path("/task_info"),
				OpenApiOperation.secured("The taskset, or the TaskInfos of the given seeds", auth)
					.query("seed", array("Seeds of the task instances; repeatable", integer("a seed")))
					.query("seeds", array("Further seeds; repeatable", integer("a seed")))
					.response(200, "The taskset without seeds; one TaskInfo for one seed, an array for several",
							"TaskInfoResponse")
					.response(422, "A seed is not an integer", "ValidationError")
					.response(500, "Describing the taskset or the instances failed", "ErrorResponse"));
		document.operation("POST", path("/rollout"), OpenApiOperation.secured("Runs one rollout", auth)
			.requestBody("RolloutRequest")
			.response(200, "The rollout's result", "RolloutResponse")
			.response(408, "The request body arrived too slowly", "ErrorResponse")
			.response(413, "The request body is larger than task-app.max-request-size", "ErrorResponse")
			.response(422, "The request is not valid", "ValidationError")
			.response(500, "The rollout handler failed", "ErrorResponse")
			.response(502, "The model call failed", "ErrorResponse")
			.response(504, "The rollout outlived safety.max_time_s", "ErrorResponse"));
		document.operation("POST", path("/done"), OpenApiOperation.secured("The optimiser is done with the app", auth)
			.response(200, "Acknowledged", "DoneResponse"));
		schemas(document);
	}

	private String path(String route) {
		return this.settings.path(route);
	}

	private static void schemas(OpenApiDocumentBuilder document) {
		document.schema("RootResponse", object("Liveness answer",
				properties("status", string("always ok"), "service", string("the app id")), "status", "service"));
		document.schema("HealthResponse", object("Health answer",
				properties("healthy", bool("always true"), "auth",
						object("How the app authenticates callers", properties("required", bool("whether a key is needed"),
								"expected_prefix", string("the first characters of the primary key, then ...")))),
				"healthy"));
		document.schema("InfoResponse", object("Service description",
				properties("service", freeForm("task and version"), "dataset", freeForm("the dataset"), "rubrics",
						freeForm("the rubrics"), "inference", freeForm("the inference settings"), "limits",
						freeForm("the limits")),
				"service"));
		document.schema("TaskInfo", freeForm("A task instance: task, environment, dataset, rubric, inference,"
				+ " limits and task_metadata"));
		document.schema("TaskInfoResponse", oneOf("The taskset, one TaskInfo or several",
				object("The taskset", properties("taskset", freeForm("the taskset description")), "taskset"),
				ref("TaskInfo"), array("TaskInfos, in the order of the seeds", ref("TaskInfo"))));
		document.schema("RolloutRequest", object("A rollout request",
				properties("run_id", string("identifier of the run, echoed in the response"), "env",
						object("The environment and task instance",
								properties("env_id", string("environment id"), "env_name", string("environment name"),
										"config", freeForm("free-form configuration, such as split or seed"), "seed",
										integer("seed of the task instance"))),
						"policy",
						object("The policy to evaluate",
								properties("policy_id", string("policy id"), "policy_name", string("policy name"),
										"config", freeForm("model, inference_url, prompt template, ..."),
										"output_mode", enumeration("how the policy answers", "tool_calls", "text",
												"structured"))),
						"ops", array("operations to execute", string("an operation")), "record",
						freeForm("what to record, such as return_trace"), "on_done", string("reset by default"),
						"safety", freeForm("limits, such as max_time_s"), "training_session_id",
						string("training session"), "synth_base_url", string("the calling backend"), "mode",
						string("why the caller runs the rollout"), "trace_correlation_id",
						string("correlation id of the trace")),
				"run_id", "env", "policy"));
		document.schema("RolloutResponse", object("The result of a rollout",
				properties("run_id", string("the request's run id"), "trajectories",
						array("the trajectories", freeForm("a trajectory")), "branches", freeForm("branches by name"),
						"metrics",
						object("The scores",
								properties("episode_returns", array("return of each episode", number("a return")),
										"mean_return", number("mean return"), "num_steps", integer("steps"),
										"num_episodes", integer("episodes"), "outcome_score",
										number("the score the optimiser reads"), "events_score",
										number("events score"), "details", freeForm("details")),
								"outcome_score"),
						"aborted", bool("whether the rollout was aborted"), "ops_executed", integer("operations run"),
						"trace_correlation_id", string("correlation id of the trace"), "trace",
						freeForm("the trace, when record.return_trace asked for it"), "pipeline_metadata",
						freeForm("free-form metadata")),
				"run_id", "metrics"));
		document.schema("DoneResponse", object("Acknowledgement",
				properties("ok", bool("always true"), "service", string("the app id")), "ok"));
		document.schema("ValidationError", object("FastAPI's validation error",
				properties("detail", array("what is wrong",
						object("One problem", properties("type", string("kind of problem, such as missing"), "loc",
								array("where", Map.of()), "msg", string("what is wrong")), "type", "loc", "msg"))),
				"detail"));
		document.schema("ErrorResponse", object("An error",
				properties("detail", object("The error", properties("error", object("The error",
						properties("code", string("machine-readable code"), "message", string("what happened"))))))));
		document.schema("AuthError", object("A missing or wrong API key",
				properties("detail", object("The error", properties("error", object("The error",
						properties("code", string("unauthorised"), "message", string("what happened"),
								"have_x_api_key", bool("whether X-API-Key was sent"), "have_x_api_keys",
								bool("whether X-API-Keys was sent"), "have_authorization",
								bool("whether Authorization was sent")))))),
				"detail"));
	}

}
