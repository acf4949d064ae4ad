package dev.taskapp.checker;

import java.util.Map;
import java.util.UUID;

import dev.taskapp.client.TaskAppClient;
import dev.taskapp.client.TaskAppHealth;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.TaskInfo;
import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The checks of the task-app contract: what the SDK's {@code check_task_app_health} checks,
 * the shape of every route's answer, refusals of missing and wrong keys, 422 on bad input,
 * and one rollout against the checker's stub model.
 */
final class TaskAppContractChecks {

	private static final int[] REFUSED = { 400, 401, 403 };

	private static final int SEED = 0;

	private final TaskAppClient client;

	private final RawHttp http;

	private final @Nullable String key;

	private final StubLlm llm;

	private final CheckRecorder recorder;

	TaskAppContractChecks(TaskAppClient client, RawHttp http, @Nullable String key, StubLlm llm,
			CheckRecorder recorder) {
		this.client = client;
		this.http = http;
		this.key = key;
		this.llm = llm;
		this.recorder = recorder;
	}

	void run() {
		this.recorder.check("GET /", "answers 200 without a key", () -> {
			HttpAnswer answer = this.http.get("/", Map.of());
			Expect.status(answer, 200);
			Expect.jsonObject(answer);
			return "200 " + answer.snippet();
		});
		boolean healthy = this.recorder.check("GET /health, GET /task_info", "passes the SDK's check_task_app_health",
				() -> {
					TaskAppHealth health = Expect.present(this.client.health().block(), "no health result");
					Expect.that(health.ok(), health.detail());
					return health.detail();
				});
		if (!healthy) {
			this.recorder.skip("*", "remaining checks", "the app did not pass the health check");
			return;
		}
		this.recorder.check("GET /health", "answers healthy:true with the key", () -> {
			JsonNode body = Expect.jsonObject(expect(this.http.get("/health", keyHeaders()), 200));
			Expect.that(Expect.field(body, "healthy").asBoolean(false), "'healthy' is not true: " + body);
			return "200 " + body;
		});
		authRefusals();
		this.recorder.check("GET /info", "answers the service description", () -> {
			Map<String, Object> info = Expect.present(this.client.info().block(), "no answer");
			Expect.that(info.get("service") instanceof Map, "'service' is not an object: " + info.keySet());
			return "keys " + info.keySet();
		});
		this.recorder.check("GET /task_info", "answers the taskset", () -> {
			Map<String, Object> taskset = Expect.present(this.client.taskset().block(), "no answer");
			return "taskset keys " + taskset.keySet();
		});
		this.recorder.check("GET /task_info?seed=" + SEED, "answers one TaskInfo", () -> {
			TaskInfo info = Expect.present(this.client.taskInfo(SEED).block(), "no answer");
			return "task " + info.task().id();
		});
		this.recorder.check("GET /task_info?seed=x", "answers 422 to a seed that is not an integer", () -> {
			HttpAnswer answer = expect(this.http.get("/task_info?seed=x", keyHeaders()), 422);
			return validationError(answer);
		});
		this.recorder.check("POST /rollout", "answers 422 to a body without run_id, env or policy", () -> {
			HttpAnswer answer = expect(this.http.post("/rollout", keyHeaders(), "{}"), 422);
			return validationError(answer);
		});
		this.recorder.check("POST /rollout", "answers 422 to malformed JSON", () -> {
			HttpAnswer answer = expect(this.http.post("/rollout", keyHeaders(), "{\"run_id\": "), 422);
			return validationError(answer);
		});
		rollout();
		this.recorder.check("POST /done", "acknowledges", () -> {
			HttpAnswer answer = expect(this.http.post("/done", keyHeaders(), "{}"), 200);
			return "200 " + Expect.jsonObject(answer);
		});
	}

	private void authRefusals() {
		if (this.key == null) {
			String reason = "no API key given (--key), so the app is assumed to need none";
			this.recorder.skip("GET /health", "refuses a request without a key", reason);
			this.recorder.skip("GET /info", "refuses a wrong key without echoing it", reason);
			this.recorder.skip("POST /rollout", "refuses a request without a key", reason);
			return;
		}
		this.recorder.check("GET /health", "refuses a request without a key", () -> {
			HttpAnswer answer = expect(this.http.get("/health", Map.of()), REFUSED);
			return answer.status() + " " + answer.snippet();
		});
		this.recorder.check("GET /info", "refuses a wrong key without echoing it", () -> {
			String wrongKey = "wrong_" + UUID.randomUUID().toString().replace("-", "");
			HttpAnswer answer = expect(this.http.get("/info", Map.of("X-API-Key", wrongKey)), REFUSED);
			Expect.that(!answer.snippet().contains(wrongKey), "the refusal echoes the wrong key");
			return answer.status() + " " + answer.snippet();
		});
		this.recorder.check("POST /rollout", "refuses a request without a key", () -> {
			HttpAnswer answer = expect(this.http.post("/rollout", Map.of(), rolloutJson("conformance-no-key")),
					REFUSED);
			return answer.status() + " " + answer.snippet();
		});
	}

	private void rollout() {
		String runId = "conformance-" + UUID.randomUUID();
		int callsBefore = this.llm.requests().size();
		JsonNode[] response = new JsonNode[1];
		boolean answered = this.recorder.check("POST /rollout", "runs one rollout against a stub model", () -> {
			HttpAnswer answer = expect(this.http.post("/rollout", keyHeaders(), rolloutJson(runId)), 200);
			response[0] = Expect.jsonObject(answer);
			return "200";
		});
		if (!answered) {
			this.recorder.skip("POST /rollout", "answers a well-formed RolloutResponse", "the rollout failed");
			this.recorder.skip("POST /rollout", "calls the model at policy.config.inference_url", "the rollout failed");
			return;
		}
		JsonNode body = response[0];
		this.recorder.check("POST /rollout", "answers a well-formed RolloutResponse", () -> {
			Expect.that(runId.equals(Expect.text(body, "run_id")), "'run_id' is not the request's " + runId);
			double reward = Expect.number(body, "metrics.outcome_score");
			Expect.that(Expect.field(body, "trajectories").isArray(), "'trajectories' is not an array");
			String correlation = Expect.text(body, "trace_correlation_id");
			TaskAppJson.mapper().treeToValue(body, RolloutResponse.class);
			return "outcome_score " + reward + ", trace_correlation_id " + correlation;
		});
		this.recorder.check("POST /rollout", "calls the model at policy.config.inference_url", () -> {
			int calls = this.llm.requests().size() - callsBefore;
			Expect.that(calls > 0, "the stub model at " + this.llm.baseUrl() + " was never called");
			return calls + " model call" + ((calls == 1) ? "" : "s");
		});
	}

	private String rolloutJson(String runId) {
		RolloutRequest request = RolloutRequest.of(runId, RolloutEnvSpec.ofSeed(SEED), RolloutPolicySpec.ofConfig(
				Map.of("model", StubLlm.MODEL, "inference_url", this.llm.baseUrl() + "?cid=trace_" + runId)));
		return TaskAppJson.mapper().writeValueAsString(request);
	}

	private static String validationError(HttpAnswer answer) {
		JsonNode detail = Expect.field(Expect.jsonObject(answer), "detail");
		Expect.that(detail.isArray() && !detail.isEmpty(), "'detail' is not a non-empty list: " + detail);
		return "422 " + Expect.text(detail.get(0), "type") + " at " + detail.get(0).path("loc");
	}

	private Map<String, String> keyHeaders() {
		return (this.key != null) ? Map.of("X-API-Key", this.key) : Map.of();
	}

	private static HttpAnswer expect(HttpAnswer answer, int... statuses) {
		Expect.status(answer, statuses);
		return answer;
	}

}
