package dev.taskapp.checker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.taskapp.support.TaskAppJson;
import io.netty.buffer.ByteBufAllocator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

/**
 * A minimal Synth container on a loopback port, as GEPA v2 expects one: metadata, program,
 * taskset, sync and async rollouts that send the candidate to the model, and state polling.
 * The GEPA contract version it advertises can be set, to see the checker fail.
 */
final class FakeContainer implements AutoCloseable {

	static final String KEY = "sk_container_test_key_5678";

	private final Map<String, Map<String, Object>> rollouts = new ConcurrentHashMap<>();

	private final DisposableServer server;

	FakeContainer(String gepaVersion) {
		Map<String, Object> metadata = Map.of("capabilities",
				Map.of("protocol", "synth.container.contract.v1", "contract_version", "2026-05-28", "live_frames",
						"unsupported", "metadata", Map.of("policy_ready", true, "program_ready", true)),
				"metadata",
				Map.of("optimizer_contracts",
						Map.of("gepa", Map.of("version", gepaVersion, "program_route", "/program", "taskset_route",
								"/taskset", "taskset_tasks_route", "/taskset/tasks", "rollout_route", "/rollout"))));
		Map<String, Object> program = Map.of("version", "prompt_program.v1", "program_id", "fake", "modules",
				List.of(Map.of("module_id", "system", "role", "system", "content", "{system_prompt}", "mutable", true,
						"candidate_field", "system_prompt")),
				"target_modules", List.of(Map.of("module_id", "system", "candidate_field", "system_prompt")),
				"seed_candidate", Map.of("system_prompt", "Classify."));
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/health", (request, response) -> json(response, 200, Map.of("status", "ok")))
				.get("/metadata", (request, response) -> authorised(request, response, 200, metadata))
				.get("/program", (request, response) -> authorised(request, response, 200, program))
				.get("/taskset", (request, response) -> authorised(request, response, 200,
						Map.of("taskset_id", "fake", "splits", Map.of("train", 2))))
				.post("/taskset/tasks", (request, response) -> body(request).flatMap((body) -> {
					List<Map<String, Object>> tasks = new ArrayList<>();
					body.path("task_ids").forEach((id) -> tasks.add(Map.of("task_id", id.asString(), "text", "q")));
					return send(request, response, 200, Map.of("tasks", tasks));
				}))
				.post("/rollout", (request, response) -> body(request).flatMap((body) -> rollout(request, response, body)))
				.get("/rollouts/{id}/state", (request, response) -> stored(request, response, true))
				.get("/rollouts/{id}", (request, response) -> stored(request, response, false)))
			.bindNow();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	private Mono<Void> rollout(HttpServerRequest request, HttpServerResponse response, JsonNode body) {
		String mode = body.path("submission_mode").asString("sync");
		if (!mode.equals("sync") && !mode.equals("async")) {
			return send(request, response, 422,
					Map.of("code", "invalid_request", "message", "submission_mode must be sync or async"));
		}
		String candidate = body.path("candidate").path("system_prompt").asString("");
		String chatUrl = body.path("policy").path("inference_url").asString() + "/chat/completions";
		String id = "ro_" + UUID.randomUUID();
		return askModel(chatUrl, candidate).flatMap((answer) -> {
			Map<String, Object> record = Map.of("rollout_id", id, "status", "completed", "reward_info",
					Map.of("outcome_reward", 1.0));
			this.rollouts.put(id, record);
			return mode.equals("async") ? send(request, response, 202, Map.of("rollout_id", id, "status", "running"))
					: send(request, response, 200, record);
		});
	}

	private Publisher<Void> stored(HttpServerRequest request, HttpServerResponse response, boolean state) {
		Map<String, Object> record = this.rollouts.get(request.param("id"));
		if (record == null) {
			return send(request, response, 404, Map.of("code", "not_found", "message", "no such rollout"));
		}
		return send(request, response, 200,
				state ? Map.of("rollout_id", record.get("rollout_id"), "status", "completed") : record);
	}

	private static Mono<String> askModel(String chatUrl, String candidate) {
		String body = TaskAppJson.mapper()
			.writeValueAsString(Map.of("model", "m", "messages", List.of(Map.of("role", "system", "content", candidate))));
		return HttpClient.create()
			.headers((headers) -> headers.set("Content-Type", "application/json"))
			.post()
			.uri(chatUrl)
			.send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8, ByteBufAllocator.DEFAULT))
			.responseSingle((answer, content) -> content.asString());
	}

	private static Mono<JsonNode> body(HttpServerRequest request) {
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("{}")
			.map((text) -> TaskAppJson.mapper().readTree(text));
	}

	private static Mono<Void> authorised(HttpServerRequest request, HttpServerResponse response, int status,
			Object body) {
		return send(request, response, status, body);
	}

	private static Mono<Void> send(HttpServerRequest request, HttpServerResponse response, int status, Object body) {
		if (!("Bearer " + KEY).equals(request.requestHeaders().get("Authorization"))) {
			return json(response, 401, Map.of("code", "unauthorised", "message", "API key missing or invalid"));
		}
		return json(response, status, body);
	}

	private static Mono<Void> json(HttpServerResponse response, int status, Object body) {
		return response.status(status)
			.header("Content-Type", "application/json")
			.sendString(Mono.just(TaskAppJson.mapper().writeValueAsString(body)), StandardCharsets.UTF_8)
			.then();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
