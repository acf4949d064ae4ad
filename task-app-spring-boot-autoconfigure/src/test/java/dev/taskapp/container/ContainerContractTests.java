package dev.taskapp.container;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.web.RolloutAdmission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

/**
 * The container contract driven as GEPA v2 drives it (its request shapes: extra fields, explicit
 * nulls, no {@code rollout_id}; the key as {@code Authorization: Bearer}), every answer held to
 * the contract's schemas.
 */
@SpringBootTest(classes = ContainerTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ENVIRONMENT_API_KEY=sk_container_test_key", "task-app.contract=container",
				"task-app.tunnel.mode=local", "task-app.container.record-retention=5s" })
class ContainerContractTests {

	private static final String KEY = "sk_container_test_key";

	private static final WireMockServer llm = new WireMockServer(options().dynamicPort());

	@LocalServerPort
	private int port;

	@Autowired
	private RolloutAdmission admission;

	private WebTestClient client;

	@BeforeAll
	static void startModel() {
		llm.start();
		llm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withHeader("Content-Type",
				"application/json")
			.withBody("""
					{"choices":[{"message":{"role":"assistant","content":"positive"}}],
					 "usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13}}""")));
		llm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("slow-model"))
			.willReturn(aResponse().withFixedDelay(15_000).withBody("{}")));
	}

	@AfterAll
	static void stopModel() {
		llm.stop();
	}

	@BeforeEach
	void createClient() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	@Test
	void healthIsOpenAndNamesTheContractVersion() {
		Map<String, Object> body = get("/health", null, 200);
		ContainerSchemas.health(body);
		assertThat(body).containsEntry("contract_version", ContainerProtocol.CONTRACT_VERSION);
		assertThat(get("/", null, 200)).containsEntry("status", "ok");
	}

	@Test
	void metadataAdvertisesGepaV2AndInfoIsItsAlias() {
		Map<String, Object> metadata = get("/metadata", "Bearer " + KEY, 200);
		ContainerSchemas.info(metadata);
		assertThat(metadata).extractingByKey("capabilities")
			.asInstanceOf(MAP)
			.containsEntry("protocol", "synth.container.contract.v1")
			.containsEntry("scale_leases", this.admission.limit());
		assertThat(get("/info", "Bearer " + KEY, 200)).isEqualTo(metadata);
	}

	@Test
	void everyRouteButRootAndHealthNeedsTheKeyAsBearerOrXApiKey() {
		for (String path : List.of("/metadata", "/program", "/taskset", "/task_info", "/rollouts/any/state")) {
			this.client.get().uri(path).exchange().expectStatus().isUnauthorized();
			this.client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer wrong").exchange().expectStatus()
				.isUnauthorized();
		}
		this.client.get().uri("/metadata").header("X-API-Key", KEY).exchange().expectStatus().isOk();
		String refusal = this.client.post().uri("/rollout").bodyValue("{}").exchange()
			.expectStatus().isUnauthorized().expectBody(String.class).returnResult().getResponseBody();
		assertThat(refusal).doesNotContain("sk_con");
	}

	@Test
	void programListsTheMutableSystemPromptAndItsSeed() {
		Map<String, Object> program = get("/program", "Bearer " + KEY, 200);
		ContainerSchemas.program(program);
		assertThat(program).containsEntry("program_id", "sentiment_classifier")
			.containsEntry("seed_candidate", Map.of("system_prompt", ContainerTestApplication.SEED_PROMPT));
	}

	@Test
	void tasksetTasksAnswerOneRowPerIdInOrderAndDatasetRowsTheSame() {
		ContainerSchemas.taskset(get("/taskset", "Bearer " + KEY, 200));
		assertThat(get("/dataset", "Bearer " + KEY, 200)).isEqualTo(get("/taskset", "Bearer " + KEY, 200));
		List<String> ids = List.of("train:1", "test:0", "train:0", "train:3");
		Map<String, Object> request = Map.of("split", "train", "task_ids", ids, "filters", Map.of());
		Map<String, Object> tasks = postJson("/taskset/tasks", request, 200);
		ContainerSchemas.tasks(tasks, ids);
		assertThat(tasks).extractingByKey("tasks").asInstanceOf(LIST)
			.first()
			.isEqualTo(Map.of("task_id", "train:1", "split", "train", "seed", 1, "text", "I hate it", "label",
					"negative"));
		assertThat(postJson("/dataset/rows", request, 200)).isEqualTo(tasks);
	}

	@Test
	void taskInfoDescribesARowBySeedOrTaskId() {
		ContainerSchemas.taskInfo(get("/task_info", "Bearer " + KEY, 200));
		Map<String, Object> bySeed = get("/task_info?seed=1&split_group=train", "Bearer " + KEY, 200);
		ContainerSchemas.taskInfo(bySeed);
		assertThat(bySeed).extractingByKey("task_metadata")
			.asInstanceOf(MAP)
			.containsEntry("label", "negative");
		assertThat(get("/task_info?task_id=train:1", "Bearer " + KEY, 200)).isEqualTo(bySeed);
		assertThat(get("/task_info?task_instance_id=sentiment:train:1", "Bearer " + KEY, 200)).isEqualTo(bySeed);
		ContainerSchemas.validationError(get("/task_info?seed=x", "Bearer " + KEY, 422));
	}

	@Test
	void syncRolloutCarriesTheCandidateToTheModelAndTheRewardBack() {
		Map<String, Object> response = postJson("/rollout", gepaRequest("sync", "Decide: positive or negative?",
				"gpt-4.1-nano"), 200);
		ContainerSchemas.completedRollout(response);
		assertThat(response.get("rollout_id")).asString().startsWith("rollout_");
		assertThat(response).containsEntry("task_id", "train:0").containsEntry("success_status", "success");
		assertThat(response).extractingByKey("reward_info")
			.asInstanceOf(MAP)
			.containsEntry("outcome_reward", 1.0);
		assertThat(response).extractingByKey("actionable_side_info")
			.asInstanceOf(MAP)
			.containsEntry("prediction", "positive")
			.containsEntry("expected", "positive");
		assertThat(response).extractingByKey("usage")
			.asInstanceOf(MAP)
			.containsEntry("total_tokens", 13);
		llm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
			.withRequestBody(containing("Decide: positive or negative?"))
			.withRequestBody(containing("gpt-4.1-nano")));
	}

	@Test
	void asyncRolloutIsAcceptedThenPolledToCompleted() {
		Map<String, Object> accepted = postJson("/rollouts", gepaRequest("async", "Async prompt", "gpt-4.1-nano"),
				202);
		ContainerSchemas.rolloutShape(accepted);
		String id = (String) accepted.get("rollout_id");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<String, Object> state = get("/rollouts/" + id + "/state", "Bearer " + KEY, 200);
			ContainerSchemas.state(state);
			assertThat(state).containsEntry("status", "completed");
		});
		Map<String, Object> record = get("/rollouts/" + id, "Bearer " + KEY, 200);
		ContainerSchemas.completedRollout(record);
		assertThat(record).containsEntry("rollout_id", id);
	}

	@Test
	void finishedRolloutIsForgottenAfterTheRetention() {
		Map<String, Object> done = postJson("/rollout", gepaRequest("sync", "Short-lived", "gpt-4.1-nano"), 200);
		String id = (String) done.get("rollout_id");
		get("/rollouts/" + id, "Bearer " + KEY, 200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> ContainerSchemas.validationError(get("/rollouts/" + id, "Bearer " + KEY, 404)));
	}

	@Test
	void terminateCancelsTheModelCallOfASlowRollout() {
		int cancelledBefore = ContainerTestApplication.cancelledModelCalls.get();
		Map<String, Object> accepted = postJson("/rollout", gepaRequest("async", "Slow prompt", "slow-model"), 202);
		String id = (String) accepted.get("rollout_id");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> llm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
				.withRequestBody(containing("Slow prompt"))).size() == 1);
		Map<String, Object> state = postJson("/rollouts/" + id + "/terminate", Map.of("reason", "gepa_async_timeout"),
				200);
		ContainerSchemas.state(state);
		assertThat(state).containsEntry("status", "cancelled");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ContainerTestApplication.cancelledModelCalls.get() == cancelledBefore + 1);
		assertThat(get("/rollouts/" + id + "/state", "Bearer " + KEY, 200)).containsEntry("status", "cancelled");
	}

	@Test
	void repeatedIdempotencyKeyReturnsTheFirstRecordAndRunsOnce() {
		Map<String, Object> request = gepaRequest("sync", "Idempotent prompt", "gpt-4.1-nano");
		request.put("idempotency_key", "idem-1");
		int runsBefore = ContainerTestApplication.handlerRuns.get();
		Map<String, Object> first = postJson("/rollout", request, 200);
		Map<String, Object> second = postJson("/rollout", request, 200);
		assertThat(second).isEqualTo(first);
		Map<String, Object> byRolloutId = new LinkedHashMap<>(gepaRequest("sync", "By id", "gpt-4.1-nano"));
		byRolloutId.put("rollout_id", "gepa-fixed-id-1");
		assertThat(postJson("/rollout", byRolloutId, 200)).isEqualTo(postJson("/rollout", byRolloutId, 200));
		assertThat(ContainerTestApplication.handlerRuns.get()).isEqualTo(runsBefore + 2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"policy\":{\"provider\":\"openai\",\"model\":\"m\",\"api_key\":\"sk-raw\"}}",
			"{\"policy\":{\"provider\":\"openai\",\"model\":\"m\",\"config\":{\"openai_api_key\":\"sk-raw\"}}}",
			"{\"policy\":{\"provider\":\"openai\",\"model\":\"m\",\"config\":{\"Authorization\":\"Bearer x\"}}}",
			"{\"policy\":{\"provider\":\"openai\"}}", "{\"policy\":{\"model\":\"m\"}}",
			"{\"policy\":{\"provider\":\"openai\",\"model\":\"m\",\"api_family\":\"completions\"}}",
			"{\"policy\":{\"provider\":\"openai\",\"model\":\"m\",\"credential_mode\":\"raw\"}}",
			"{\"submission_mode\":\"later\"}", "{\"task_instance_id\":\"train-3\"}", "{\"rollout_id\":\"has space\"}",
			"{\"candidate\":{\"system_prompt\":42}}", "[1,2]", "{not json" })
	void badInputIsA422ValidationErrorNamingNoSecret(String body) {
		String answer = this.client.post()
			.uri("/rollout")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		ContainerSchemas.validationError(read(answer));
		assertThat(answer).doesNotContain("sk-raw").doesNotContain("Bearer x");
	}

	@Test
	void unknownRolloutIsA404WithAJsonBody() {
		ContainerSchemas.validationError(get("/rollouts/nope/state", "Bearer " + KEY, 404));
		ContainerSchemas.validationError(get("/rollouts/nope", "Bearer " + KEY, 404));
		ContainerSchemas.validationError(postJson("/rollouts/nope/terminate", Map.of(), 404));
	}

	@Test
	void routesAPromptOptimisationAppHasNoUseForAre404() {
		for (String path : List.of("/rollouts/x/checkpoints", "/rollouts/x/pause", "/rollouts/x/resume",
				"/rollouts/x/fork", "/rollouts/x/artifacts", "/trace/bundle", "/checkpoints/c1")) {
			Map<String, Object> body = postJson(path, Map.of(), 404);
			assertThat(body).containsEntry("code", "container_route_not_supported");
		}
	}

	/** A rollout request as GEPA v2 builds it: no rollout id, extra fields, explicit nulls. */
	private static Map<String, Object> gepaRequest(String mode, String systemPrompt, String model) {
		Map<String, Object> policy = new HashMap<>();
		policy.put("enabled", true);
		policy.put("provider", "openai");
		policy.put("model", model);
		policy.put("policy_type", null);
		policy.put("api_family", "chat_completions");
		policy.put("base_url", null);
		policy.put("inference_url", "http://127.0.0.1:" + llm.port() + "/v1");
		policy.put("max_tokens", 16);
		policy.put("disable_reasoning", "auto");
		policy.put("tool_call_style", "none");
		policy.put("proxy_mode", "allow_direct");
		policy.put("credential_mode", "byok");
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("submission_mode", mode);
		request.put("task_id", "sentiment_classifier");
		request.put("candidate", Map.of("system_prompt", systemPrompt));
		request.put("candidate_overlay", Map.of("candidate", Map.of("system_prompt", systemPrompt), "metadata", Map.of()));
		request.put("prompt_assertions", Map.of("schema_version", "prompt_assertions.v1", "required", false));
		request.put("policy", policy);
		request.put("task", Map.of("task_id", "train:0", "split", "train", "seed", 0, "text", "I love it", "label",
				"positive"));
		request.put("metadata", Map.of("candidate_id", "c0", "seed", 0));
		return request;
	}

	private Map<String, Object> get(String path, String authorization, int status) {
		WebTestClient.RequestHeadersSpec<?> spec = this.client.get().uri(path);
		if (authorization != null) {
			spec = spec.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		return read(spec.exchange().expectStatus().isEqualTo(status).expectHeader()
			.contentType(MediaType.APPLICATION_JSON).expectBody(String.class).returnResult().getResponseBody());
	}

	private Map<String, Object> postJson(String path, Map<String, Object> body, int status) {
		return read(this.client.post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TaskAppJson.mapper().writeValueAsString(body))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> read(String json) {
		return TaskAppJson.mapper().readValue(json, Map.class);
	}

}
