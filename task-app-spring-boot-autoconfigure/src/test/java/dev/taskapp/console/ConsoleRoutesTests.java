package dev.taskapp.console;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.contract.RolloutMetrics;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tracing.RolloutTraceSink;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.tracing.SqliteTraceWriter;
import dev.taskapp.tracing.TraceStoreReader;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelState;
import dev.taskapp.web.TaskAppApiKeys;
import dev.taskapp.web.TaskAppRouteSettings;
import dev.taskapp.web.TaskAppRoutes;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console routes: an open page that holds no data, and JSON behind the task app's API
 * key that shows the rollouts, their traces and the load.
 */
class ConsoleRoutesTests {

	private static final String KEY = "console-test-key-7d1f3a9c";

	private static final String ANSWER = """
			{"model": "gpt-test", "choices": [{"index": 0, "finish_reason": "tool_calls",
			 "message": {"role": "assistant", "content": "thinking about it",
			  "tool_calls": [{"id": "call_1", "type": "function",
			   "function": {"name": "classify", "arguments": "{\\"intent\\": \\"card_arrival\\"}"}}]}}]}""";

	private static final TaskAppRouteSettings SETTINGS = new TaskAppRouteSettings("/task", true, 401, 1 << 20,
			Duration.ofSeconds(30));

	private final RolloutLog log = new RolloutLog(50, true);

	private final WebTestClient client = client(this.log.load());

	@Test
	void pageIsServedWithoutAKeyAndHoldsNoData() {
		String page = this.client.get()
			.uri("/task/console")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueMatches("Content-Security-Policy", ".*form-action 'none'.*")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("id=\"sign-in-form\"", "console/console.js").doesNotContain(KEY);
		assertThat(page).as("the key input has no name, so no form submission can carry it")
			.doesNotContainPattern("<input id=\"api-key\"[^>]*name=");
		this.client.get()
			.uri("/task/console/console.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript");
		this.client.get().uri("/task/console/console.css").exchange().expectStatus().isOk();
	}

	@Test
	void dataNeedsTheApiKey() {
		this.client.get()
			.uri("/task/console/api/status")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail.error.code")
			.isEqualTo("unauthorised");
		this.client.get()
			.uri("/task/console/api/rollouts/1")
			.header("X-API-Key", "wrong")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	@SuppressWarnings("unchecked")
	void statusShowsTheRolloutsTheLoadAndTheTunnelButNoKey() {
		status();
		rollout("run_a", 1);
		rollout("run_b", 2);
		String body = status();
		assertThat(body).doesNotContain(KEY);
		Map<String, Object> status = TaskAppJson.mapper().readValue(body, Map.class);
		assertThat(status).containsEntry("app_id", "console-app").containsEntry("records_calls", true);
		assertThat((Map<String, Object>) status.get("tunnel")).containsEntry("mode", null)
			.containsEntry("state", "ready")
			.containsEntry("public_url", null);
		Map<String, Object> load = (Map<String, Object>) status.get("load");
		assertThat(load).containsEntry("finished", 2)
			.containsEntry("in_flight", 0)
			.containsEntry("rejected", 0)
			.containsEntry("limit", null)
			.containsKeys("rollouts_per_s", "p50_ms", "p99_ms");
		assertThat(load.get("p99_ms")).isInstanceOf(Number.class);
		List<Map<String, Object>> rollouts = (List<Map<String, Object>>) status.get("rollouts");
		assertThat(rollouts).extracting((rollout) -> rollout.get("run_id")).containsExactly("run_b", "run_a");
		assertThat(rollouts.get(0)).containsEntry("seed", 2)
			.containsEntry("reward", 0.5)
			.containsEntry("status", 200)
			.containsEntry("error", null)
			.containsEntry("calls", 1);
		assertThat((List<?>) status.get("mean_rewards")).singleElement()
			.satisfies((point) -> assertThat((Map<String, Object>) point).containsEntry("mean", 0.5));
	}

	@Test
	void aRolloutShowsItsModelCalls() {
		status();
		rollout("run_c", 3);
		long id = this.log.recent(1).get(0).id();
		this.client.get()
			.uri("/task/console/api/rollouts/" + id)
			.header("X-API-Key", KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.run_id")
			.isEqualTo("run_c")
			.jsonPath("$.calls[0].model")
			.isEqualTo("gpt-test")
			.jsonPath("$.calls[0].messages[0].content")
			.isEqualTo("Classify: query 3")
			.jsonPath("$.calls[0].answer")
			.isEqualTo("thinking about it")
			.jsonPath("$.calls[0].tool_calls[0].function.name")
			.isEqualTo("classify");
	}

	@Test
	void anUnknownOrMalformedRolloutIdIsAClearClientError() {
		this.client.get()
			.uri("/task/console/api/rollouts/99")
			.header("X-API-Key", KEY)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail.error.code")
			.isEqualTo("rollout_not_found");
		this.client.get()
			.uri("/task/console/api/rollouts/abc")
			.header("X-API-Key", KEY)
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.detail.error.code")
			.isEqualTo("invalid_rollout_id");
	}

	@Test
	void loadFiguresComeFromTheGivenSource() {
		WebTestClient client = client(new RolloutLoad() {

			@Override
			public int inFlight() {
				return 7;
			}

			@Override
			public long rejected() {
				return 42;
			}

			@Override
			public int limit() {
				return 8;
			}

		});
		client.get()
			.uri("/task/console/api/status")
			.header("Authorization", "Bearer " + KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.load.in_flight")
			.isEqualTo(7)
			.jsonPath("$.load.rejected")
			.isEqualTo(42)
			.jsonPath("$.load.limit")
			.isEqualTo(8);
	}

	@Test
	void storedRolloutsAreListedFromTheTraceStore(@TempDir Path directory) throws Exception {
		this.client.get()
			.uri("/task/console/api/stored")
			.header("X-API-Key", KEY)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail.error.code")
			.isEqualTo("no_trace_store");
		Path database = directory.resolve("traces.db");
		SqliteTraceWriter writer = new SqliteTraceWriter(database);
		try {
			RolloutTraceSink sink = (trace) -> {
				try {
					writer.write(List.of(trace));
					return true;
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			};
			WebTestClient client = client(this.log.load(), sink, new TraceStoreReader(database));
			rollout(client, "run_stored", 4);
			client.get()
				.uri("/task/console/api/stored")
				.header("X-API-Key", KEY)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.rollouts[0].run_id")
				.isEqualTo("run_stored")
				.jsonPath("$.rollouts[0].reward")
				.isEqualTo(0.5)
				.jsonPath("$.rollouts[0].calls")
				.isEqualTo(1);
		}
		finally {
			writer.close();
		}
	}

	private String status() {
		return this.client.get()
			.uri("/task/console/api/status")
			.header("X-API-Key", KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private void rollout(String runId, int seed) {
		rollout(this.client, runId, seed);
	}

	private static void rollout(WebTestClient client, String runId, int seed) {
		String body = TaskAppJson.mapper()
			.writeValueAsString(Map.of("run_id", runId, "env", Map.of("seed", seed), "policy",
					Map.of("config", Map.of("inference_url", "http://llm.test/v1")), "mode", "eval"));
		client.post()
			.uri("/task/rollout")
			.header("X-API-Key", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private WebTestClient client(RolloutLoad load) {
		return client(load, null, null);
	}

	private WebTestClient client(RolloutLoad load, @Nullable RolloutTraceSink sink, @Nullable TraceStoreReader store) {
		TaskAppConfig config = TaskAppConfig.builder("console-app").rollout(ConsoleRoutesTests::answer).build();
		TaskAppApiKeys keys = TaskAppApiKeys.of(KEY, List.of());
		RolloutTracing tracing = new RolloutTracing(config.appId(), ObservationRegistry.NOOP, sink, this.log);
		ConsoleTunnel tunnel = new ConsoleTunnel(new TaskAppUrl(keys.all()), () -> TunnelState.READY);
		return WebTestClient
			.bindToRouterFunction(TaskAppRoutes.of(config, keys, SETTINGS, tracing)
				.and(ConsoleRoutes.of(config.appId(), this.log, load, tunnel, keys, SETTINGS, store)))
			.build();
	}

	private static Mono<RolloutResponse> answer(RolloutContext context) {
		int seed = context.request().env().resolvedSeed();
		Instant now = Instant.now();
		context.traces()
			.recordChatCompletion(
					Map.of("model", "gpt-test", "messages",
							List.of(Map.of("role", "system", "content", "Classify: query " + seed))),
					ANSWER.getBytes(StandardCharsets.UTF_8), now, now.plusMillis(3));
		return Mono.just(RolloutResponse.builder(context.request()).metrics(RolloutMetrics.ofSingleEpisode(0.5, 1)).build());
	}

}
