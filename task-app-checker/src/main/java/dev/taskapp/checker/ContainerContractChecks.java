package dev.taskapp.checker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The checks of the Synth container contract, as GEPA v2 drives a container: its metadata
 * preflight, the program, the taskset and its tasks, a sync and an async rollout with GEPA's
 * request shape (extra fields, no {@code rollout_id}) against the stub model, the polling
 * routes, refusals of missing keys and 422 on bad input.
 */
final class ContainerContractChecks {

	static final String GEPA_CONTRACT_VERSION = "synth_optimizers.gepa.v2";

	private static final int[] REFUSED = { 400, 401, 403 };

	private static final Set<String> SUCCESS = Set.of("completed", "success", "succeeded", "ok", "done");

	private static final Set<String> FAILURE = Set.of("failed", "error", "cancelled", "canceled", "terminated",
			"expired", "timeout", "timed_out");

	private final RawHttp http;

	private final @Nullable String key;

	private final StubLlm llm;

	private final CheckRecorder recorder;

	private final Duration rolloutTimeout;

	private final Map<String, String> routes = new LinkedHashMap<>();

	private @Nullable JsonNode program;

	private List<JsonNode> tasks = List.of();

	private String split = "train";

	ContainerContractChecks(RawHttp http, @Nullable String key, StubLlm llm, CheckRecorder recorder,
			Duration rolloutTimeout) {
		this.http = http;
		this.key = key;
		this.llm = llm;
		this.recorder = recorder;
		this.rolloutTimeout = rolloutTimeout;
		this.routes.put("program_route", "/program");
		this.routes.put("taskset_route", "/taskset");
		this.routes.put("taskset_tasks_route", "/taskset/tasks");
		this.routes.put("rollout_route", "/rollout");
	}

	void run() {
		this.recorder.check("GET /health", "answers 200 without a key", () -> {
			JsonNode body = Expect.jsonObject(expect(this.http.get("/health", Map.of()), 200));
			return "200 " + body;
		});
		boolean discovered = this.recorder.check("GET /metadata", "advertises the GEPA v2 contract", () -> {
			JsonNode body = Expect.jsonObject(expect(this.http.get("/metadata", keyHeaders()), 200));
			JsonNode gepa = Expect.field(body, "metadata.optimizer_contracts.gepa");
			String version = Expect.text(gepa, "version");
			Expect.that(version.equals(GEPA_CONTRACT_VERSION),
					"version is '" + version + "', expected '" + GEPA_CONTRACT_VERSION + "'");
			for (String route : this.routes.keySet()) {
				String path = Expect.text(gepa, route);
				Expect.that(path.startsWith("/"), route + " '" + path + "' is not an absolute route");
			}
			Expect.field(body, "capabilities");
			return "version " + version + ", routes " + this.routes.keySet();
		});
		if (!discovered) {
			this.recorder.skip("*", "remaining checks", "GEPA v2 stops at a failed metadata preflight");
			return;
		}
		authRefusals();
		this.recorder.check("GET /program", "answers a prompt program", () -> {
			JsonNode body = Expect.jsonObject(expect(this.http.get("/program", keyHeaders()), 200));
			for (String field : List.of("version", "program_id", "modules", "target_modules", "seed_candidate")) {
				Expect.field(body, field);
			}
			Expect.that(body.path("modules").isArray() && !body.path("modules").isEmpty(), "'modules' is empty");
			Expect.that(body.path("seed_candidate").isObject(), "'seed_candidate' is not an object");
			this.program = body;
			return "program " + Expect.text(body, "program_id") + ", candidate fields "
					+ body.path("seed_candidate").propertyNames();
		});
		this.recorder.check("GET /taskset", "answers the taskset", () -> {
			JsonNode body = Expect.jsonObject(expect(this.http.get("/taskset", keyHeaders()), 200));
			this.split = firstSplit(body.path("splits"));
			return "keys " + body.propertyNames() + ", split " + this.split;
		});
		this.recorder.check("POST /taskset/tasks", "answers one task per requested id, in order", () -> {
			String split = this.split;
			List<String> ids = List.of(split + ":0", split + ":1");
			String request = TaskAppJson.mapper()
				.writeValueAsString(Map.of("split", split, "task_ids", ids, "filters", Map.of()));
			JsonNode body = Expect.jsonObject(expect(this.http.post("/taskset/tasks", keyHeaders(), request), 200));
			JsonNode tasks = Expect.field(body, "tasks");
			Expect.that(tasks.isArray() && tasks.size() == ids.size(),
					"expected " + ids.size() + " tasks, got " + tasks);
			Set<String> identities = new HashSet<>();
			List<JsonNode> rows = new ArrayList<>();
			for (JsonNode task : tasks) {
				String identity = identity(task);
				Expect.that(identity != null, "a task has no task_id, task_instance_id, example_id or id: " + task);
				Expect.that(identities.add(identity), "task id " + identity + " is repeated");
				rows.add(task);
			}
			this.tasks = rows;
			return "tasks " + identities;
		});
		this.recorder.check("POST /rollout", "answers 422 to an unknown submission_mode", () -> {
			HttpAnswer answer = expect(
					this.http.post("/rollout", keyHeaders(), "{\"submission_mode\":\"sideways\"}"), 422);
			JsonNode body = Expect.jsonObject(answer);
			return "422 " + body.path("code").asString(body.toString());
		});
		this.recorder.check("GET /rollouts/{id}/state", "answers 404 to an unknown rollout", () -> {
			HttpAnswer answer = expect(
					this.http.get("/rollouts/conformance-unknown-" + UUID.randomUUID() + "/state", keyHeaders()), 404);
			Expect.jsonObject(answer);
			return "404 " + answer.snippet();
		});
		syncRollout();
		asyncRollout();
	}

	private void authRefusals() {
		if (this.key == null) {
			this.recorder.skip("GET /metadata", "refuses a request without a key",
					"no API key given (--key), so the container is assumed to need none");
			return;
		}
		this.recorder.check("GET /metadata", "refuses a request without a key", () -> {
			HttpAnswer answer = expect(this.http.get("/metadata", Map.of()), REFUSED);
			return answer.status() + " " + answer.snippet();
		});
	}

	private void syncRollout() {
		String candidateText = "Conformance candidate " + UUID.randomUUID();
		int callsBefore = this.llm.requests().size();
		this.recorder.check("POST /rollout", "runs a sync rollout as GEPA sends it, against a stub model", () -> {
			HttpAnswer answer = expect(this.http.post("/rollout", keyHeaders(), rolloutJson("sync", candidateText)),
					200);
			JsonNode body = Expect.jsonObject(answer);
			return "rollout_id " + Expect.text(body, "rollout_id") + ", reward " + reward(body);
		});
		this.recorder.check("POST /rollout", "puts the candidate text in the model's messages", () -> {
			List<String> calls = this.llm.requests().subList(callsBefore, this.llm.requests().size());
			Expect.that(!calls.isEmpty(), "the stub model at " + this.llm.baseUrl() + " was never called");
			Expect.that(calls.stream().anyMatch((call) -> call.contains(candidateText)),
					"no model call carries the candidate text");
			return calls.size() + " model call" + ((calls.size() == 1) ? "" : "s") + " with the candidate";
		});
	}

	private void asyncRollout() {
		String[] rolloutId = new String[1];
		boolean accepted = this.recorder.check("POST /rollout", "accepts an async rollout", () -> {
			HttpAnswer answer = expect(
					this.http.post("/rollout", keyHeaders(), rolloutJson("async", "Async conformance candidate")), 200,
					202);
			JsonNode body = Expect.jsonObject(answer);
			rolloutId[0] = (body.path("rollout_id").isString()) ? body.path("rollout_id").asString()
					: Expect.text(body, "trace_correlation_id");
			return answer.status() + " rollout_id " + rolloutId[0];
		});
		if (!accepted) {
			this.recorder.skip("GET /rollouts/{id}/state", "reaches a successful state", "no async rollout");
			this.recorder.skip("GET /rollouts/{id}", "answers the finished rollout", "no async rollout");
			return;
		}
		String id = rolloutId[0];
		boolean finished = this.recorder.check("GET /rollouts/{id}/state", "reaches a successful state", () -> {
			Instant deadline = Instant.now().plus(this.rolloutTimeout);
			while (true) {
				JsonNode body = Expect.jsonObject(expect(this.http.get("/rollouts/" + id + "/state", keyHeaders()), 200));
				String state = state(body);
				if (SUCCESS.contains(state)) {
					return "state " + state;
				}
				Expect.that(!FAILURE.contains(state), "the rollout ended " + state + ": " + body);
				Expect.that(Instant.now().isBefore(deadline), "still " + state + " after " + this.rolloutTimeout);
				Thread.sleep(250);
			}
		});
		if (!finished) {
			this.recorder.skip("GET /rollouts/{id}", "answers the finished rollout", "the rollout did not finish");
			return;
		}
		this.recorder.check("GET /rollouts/{id}", "answers the finished rollout", () -> {
			JsonNode body = Expect.jsonObject(expect(this.http.get("/rollouts/" + id, keyHeaders()), 200));
			return "reward " + reward(body);
		});
	}

	private String rolloutJson(String submissionMode, String candidateText) {
		Map<String, Object> candidate = new LinkedHashMap<>();
		JsonNode seed = (this.program != null) ? this.program.path("seed_candidate") : null;
		if (seed != null && seed.isObject() && !seed.isEmpty()) {
			seed.propertyNames().forEach((field) -> candidate.put(field, candidateText));
		}
		else {
			candidate.put("system_prompt", candidateText);
		}
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("enabled", true);
		policy.put("provider", "openai");
		policy.put("model", StubLlm.MODEL);
		policy.put("policy_type", "prompt");
		policy.put("api_family", "chat_completions");
		policy.put("base_url", null);
		policy.put("inference_url", this.llm.baseUrl());
		policy.put("max_tokens", 256);
		policy.put("disable_reasoning", "auto");
		policy.put("tool_call_style", "none");
		policy.put("proxy_mode", "allow_direct");
		policy.put("credential_mode", "byok");
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("submission_mode", submissionMode);
		JsonNode task = this.tasks.isEmpty() ? null : this.tasks.get(0);
		request.put("task_id", (task != null) ? identity(task) : "train:0");
		request.put("candidate", candidate);
		request.put("candidate_overlay", Map.of("candidate", candidate, "metadata", Map.of()));
		request.put("policy", policy);
		request.put("task", (task != null) ? task : Map.of("task_id", "train:0"));
		request.put("metadata", Map.of("candidate_id", "conformance", "seed", 0));
		return TaskAppJson.mapper().writeValueAsString(request);
	}

	/**
	 * The reward as GEPA v2 reads it: the first number of {@code reward_info.outcome_reward},
	 * {@code reward_info.score}, {@code summary.outcome_reward}, {@code reward}.
	 */
	static double reward(JsonNode body) {
		Expect.text(body, "rollout_id");
		for (String path : List.of("reward_info.outcome_reward", "reward_info.score", "summary.outcome_reward",
				"reward")) {
			JsonNode node = body;
			for (String name : path.split("\\.")) {
				node = node.path(name);
			}
			if (node.isNumber()) {
				return node.asDouble();
			}
		}
		throw new CheckFailure("no numeric reward_info.outcome_reward, reward_info.score, summary.outcome_reward"
				+ " or reward");
	}

	/**
	 * The first split the taskset names, as an object's first key or an array's first name;
	 * {@code train} when it names none.
	 */
	private static String firstSplit(JsonNode splits) {
		if (splits.isObject() && !splits.isEmpty()) {
			return splits.propertyNames().iterator().next();
		}
		if (splits.isArray() && !splits.isEmpty()) {
			JsonNode first = splits.get(0);
			return first.isString() ? first.asString() : first.path("name").asString("train");
		}
		return "train";
	}

	private static String state(JsonNode body) {
		for (String field : List.of("status", "state", "phase", "success_status")) {
			if (body.path(field).isString()) {
				return body.path(field).asString().toLowerCase(Locale.ROOT);
			}
		}
		throw new CheckFailure("no status, state, phase or success_status: " + body);
	}

	private static @Nullable String identity(JsonNode task) {
		for (String field : List.of("task_id", "task_instance_id", "example_id", "id")) {
			JsonNode value = task.path(field);
			if ((value.isString() && !value.asString().isEmpty()) || value.isNumber()) {
				return value.asString();
			}
		}
		return null;
	}

	private Map<String, String> keyHeaders() {
		return (this.key != null) ? Map.of("Authorization", "Bearer " + this.key) : Map.of();
	}

	private static HttpAnswer expect(HttpAnswer answer, int... statuses) {
		Expect.status(answer, statuses);
		return answer;
	}

}
