package dev.taskapp.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.contract.ContractExamples;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutStep;
import dev.taskapp.contract.RolloutTrajectory;
import dev.taskapp.contract.TaskInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link TaskAppClient} against a WireMock task app: task descriptions, {@code /info},
 * rollouts, liveness and errors.
 */
class TaskAppClientTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

	private static final String KEY = "sk_env_client_0123456789";

	private static final String ALIAS = "alias_client_abcdefghij";

	private static final String WORKER_TOKEN = "wt_client_zyxwvutsrq";

	private static final String TASK_INFO = """
			{"task": {"id": "banking77", "name": "Banking77", "description": null, "version": null},
			 "environment": "banking77",
			 "dataset": {"id": "banking77", "name": null, "version": null, "splits": ["train"], "default_split": "train",
			             "description": null, "seed": %d},
			 "rubric": {"outcome": null, "events": null},
			 "inference": {"model": null, "inference_url": null},
			 "limits": {"max_turns": 1, "max_response_tokens": null, "timeout_seconds": null},
			 "task_metadata": {"query": "How do I reset my PIN?"}}""";

	private static final WireMockServer server = new WireMockServer(options().dynamicPort());

	@BeforeAll
	static void startServer() {
		server.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop();
	}

	@BeforeEach
	void resetServer() {
		server.resetAll();
	}

	@Test
	void tasksetIsTheTasksetObjectOfTaskInfo() {
		server.stubFor(get(urlEqualTo("/task_info"))
			.willReturn(okJson("{\"taskset\":{\"id\":\"banking77\",\"splits\":[\"train\",\"test\"]}}")));
		StepVerifier.create(client().taskset())
			.expectNext(Map.of("id", "banking77", "splits", List.of("train", "test")))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
		server.verify(getRequestedFor(urlEqualTo("/task_info")).withHeader("X-API-Key", equalTo(KEY)));
	}

	@Test
	void tasksetWithoutTasksetObjectIsAClearError() {
		server.stubFor(get(urlEqualTo("/task_info")).willReturn(okJson("[]")));
		StepVerifier.create(client().taskset())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(TaskAppClientException.class)
				.hasMessageContaining("GET /task_info with 200, but the body was not a valid taskset description"))
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void taskInfoOfOneSeedAcceptsAnObject() {
		server.stubFor(get(urlEqualTo("/task_info?seed=3")).willReturn(okJson(TASK_INFO.formatted(3))));
		StepVerifier.create(client().taskInfo(3)).assertNext((info) -> {
			assertThat(info.task().id()).isEqualTo("banking77");
			assertThat(info.environment()).isEqualTo("banking77");
			assertThat(info.dataset().splits()).containsExactly("train");
			assertThat(info.taskMetadata()).containsEntry("query", "How do I reset my PIN?");
		}).expectComplete().verify(VERIFY_TIMEOUT);
	}

	@Test
	void taskInfoOfOneSeedAcceptsAnArrayOfOne() {
		server.stubFor(get(urlEqualTo("/task_info?seed=3")).willReturn(okJson("[" + TASK_INFO.formatted(3) + "]")));
		StepVerifier.create(client().taskInfo(3))
			.assertNext((info) -> assertThat(info.environment()).isEqualTo("banking77"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void taskInfoOfSeveralSeedsAcceptsAnArray() {
		server.stubFor(get(urlEqualTo("/task_info?seed=1&seed=2"))
			.willReturn(okJson("[" + TASK_INFO.formatted(1) + "," + TASK_INFO.formatted(2) + "]")));
		StepVerifier.create(client().taskInfo(List.of(1, 2)))
			.assertNext((infos) -> assertThat(infos).extracting(TaskInfo::task)
				.extracting("id")
				.containsExactly("banking77", "banking77"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void taskInfoOfSeveralSeedsAcceptsAnObject() {
		server.stubFor(get(urlEqualTo("/task_info?seed=1&seed=2")).willReturn(okJson(TASK_INFO.formatted(1))));
		StepVerifier.create(client().taskInfo(List.of(1, 2)))
			.assertNext((infos) -> assertThat(infos).hasSize(1))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void taskInfoWithoutSeedsIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> client().taskInfo(List.of()))
			.withMessageContaining("taskset()");
	}

	@Test
	void taskInfoAnswering200WithGarbageIsAClearError() {
		server.stubFor(get(urlEqualTo("/task_info?seed=3")).willReturn(okJson("not json at all")));
		StepVerifier.create(client().taskInfo(3)).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TaskAppClientException.class)
				.hasMessageContaining("answered GET /task_info?seed=3 with 200, but the body was not a valid TaskInfo");
			assertThat(((TaskAppClientException) ex).getStatus()).isEqualTo(200);
			assertThat(((TaskAppClientException) ex).getPath()).isEqualTo("/task_info");
		}).verify(VERIFY_TIMEOUT);
	}

	@Test
	void infoIsTheEnvelopeAsAMap() {
		server.stubFor(get(urlEqualTo("/info")).willReturn(okJson("""
				{"service": {"task": {"id": "banking77", "name": "Banking77"}, "version": "1.0.0"},
				 "dataset": {"id": "banking77"}, "rubrics": null}""")));
		StepVerifier.create(client().info()).assertNext((info) -> {
			assertThat(info).containsKeys("service", "dataset", "rubrics");
			assertThat(info.get("service")).isEqualTo(
					Map.of("task", Map.of("id", "banking77", "name", "Banking77"), "version", "1.0.0"));
		}).expectComplete().verify(VERIFY_TIMEOUT);
	}

	@Test
	void rolloutSendsTheRequestAsJsonAndDecodesTheResponse() {
		server.stubFor(post(urlEqualTo("/rollout")).willReturn(okJson(ContractExamples.ROLLOUT_RESPONSE)));
		StepVerifier.create(client().rollout(rolloutRequest())).assertNext((response) -> {
			assertThat(response.runId()).isEqualTo("run_abc123");
			assertThat(response.metrics().meanReturn()).isEqualTo(1.0);
			assertThat(response.metrics().episodeReturns()).containsExactly(1.0);
			assertThat(response.metrics().outcomeScore()).isEqualTo(1.0);
			assertThat(response.opsExecuted()).isEqualTo(1);
			assertThat(response.traceCorrelationId()).isEqualTo("trace_abc123");
			assertThat(response.pipelineMetadata()).containsEntry("inference_url",
					"https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123");
			RolloutTrajectory trajectory = response.trajectories().get(0);
			assertThat(trajectory.envId()).isEqualTo("banking77::train::42");
			assertThat(trajectory.length()).isEqualTo(1);
			RolloutStep step = trajectory.steps().get(0);
			assertThat(step.reward()).isEqualTo(1.0);
			assertThat(step.done()).isTrue();
			assertThat(step.toolCalls().get(0).function().name()).isEqualTo("classify");
			assertThat(step.toolCalls().get(0).function().arguments()).isEqualTo("{\"intent\": \"change_pin\"}");
		}).expectComplete().verify(VERIFY_TIMEOUT);
		server.verify(postRequestedFor(urlEqualTo("/rollout")).withHeader("Content-Type", equalTo("application/json"))
			.withHeader("X-API-Key", equalTo(KEY))
			.withRequestBody(matchingJsonPath("$.run_id", equalTo("run_abc123")))
			.withRequestBody(matchingJsonPath("$.env.seed", equalTo("42")))
			.withRequestBody(matchingJsonPath("$.policy.policy_id", equalTo("policy_1")))
			.withRequestBody(matchingJsonPath("$.mode", equalTo("eval"))));
	}

	@Test
	void rolloutValidationErrorNamesLocationAndMessage() {
		server.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(422)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"detail": [{"type": "missing", "loc": ["body", "mode"], "msg": "Field required"},
					            {"type": "int_parsing", "loc": ["body", "env", "seed"], "msg": "Input should be a valid integer"}]}""")));
		StepVerifier.create(client().rollout(rolloutRequest())).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TaskAppClientException.class)
				.hasMessage("Task app " + server.baseUrl() + " answered POST /rollout with 422: body.mode: Field required; "
						+ "body.env.seed: Input should be a valid integer");
			TaskAppClientException failure = (TaskAppClientException) ex;
			assertThat(failure.getStatus()).isEqualTo(422);
			assertThat(failure.getPath()).isEqualTo("/rollout");
			assertThat(failure.getServerMessage()).startsWith("body.mode: Field required");
		}).verify(VERIFY_TIMEOUT);
	}

	@Test
	void rolloutRejectionThatEchoesTheSecretsDoesNotLeakThem() {
		String echo = "{\"detail\": \"bad key " + KEY + " (aliases " + ALIAS + ", token " + WORKER_TOKEN
				+ "), allowed_first15 " + KEY.substring(0, 15) + "\"}";
		server.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody(echo)));
		TaskAppClient client = TaskAppClient.builder(server.baseUrl())
			.apiKey(KEY)
			.apiKeyAliases(List.of(ALIAS))
			.workerToken(WORKER_TOKEN)
			.build();
		StepVerifier.create(client.rollout(rolloutRequest())).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TaskAppClientException.class).hasMessageContaining("with 401: bad key ***");
			assertThat(((TaskAppClientException) ex).getServerMessage()).isNotNull();
			String everything = ex + "\n" + ((TaskAppClientException) ex).getServerMessage() + "\n" + stackTrace(ex);
			for (String secret : List.of(KEY, ALIAS, WORKER_TOKEN)) {
				assertThat(everything).doesNotContain(secret).doesNotContain(secret.substring(0, 6));
			}
		}).verify(VERIFY_TIMEOUT);
	}

	@Test
	void rolloutAnswering200WithGarbageIsAClearError() {
		server.stubFor(post(urlEqualTo("/rollout")).willReturn(okJson("<html>oops</html>")));
		StepVerifier.create(client().rollout(rolloutRequest())).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TaskAppClientException.class)
				.hasMessageContaining("answered POST /rollout with 200, but the body was not a valid RolloutResponse");
			assertThat(((TaskAppClientException) ex).getStatus()).isEqualTo(200);
		}).verify(VERIFY_TIMEOUT);
	}

	@Test
	void rolloutAnswering200WithoutMetricsIsAClearError() {
		server.stubFor(post(urlEqualTo("/rollout")).willReturn(okJson("{\"run_id\":\"run_abc123\"}")));
		StepVerifier.create(client().rollout(rolloutRequest()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(TaskAppClientException.class)
				.hasMessageEndingWith("not a valid RolloutResponse: run_id and metrics are required"))
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void plainTextErrorIsReportedWithItsBody() {
		server.stubFor(post(urlEqualTo("/rollout"))
			.willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/plain").withBody("Internal Server Error")));
		StepVerifier.create(client().rollout(rolloutRequest()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(TaskAppClientException.class)
				.hasMessageEndingWith("answered POST /rollout with 500: Internal Server Error"))
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void referenceServerErrorIsReportedWithItsMessageAndCode() {
		server.stubFor(get(urlEqualTo("/info")).willReturn(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\":{\"error\":{\"code\":\"missing_environment_api_key\","
					+ "\"message\":\"ENVIRONMENT_API_KEY is not configured\"}}}")));
		StepVerifier.create(client().info())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(TaskAppClientException.class)
				.hasMessageEndingWith(
						"with 503: ENVIRONMENT_API_KEY is not configured (missing_environment_api_key)"))
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void requestWithoutAnswerInTimeIsAClientExceptionWithoutStatus() {
		server.stubFor(get(urlEqualTo("/info")).willReturn(okJson("{}").withFixedDelay(2000)));
		TaskAppClient client = TaskAppClient.builder(server.baseUrl()).timeout(Duration.ofMillis(200)).build();
		StepVerifier.create(client.info()).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TaskAppClientException.class)
				.hasMessageEndingWith("did not answer GET /info: no answer within 200ms");
			assertThat(((TaskAppClientException) ex).getStatus()).isEqualTo(TaskAppClientException.NO_STATUS);
		}).verify(VERIFY_TIMEOUT);
	}

	@Test
	void unreachableAppIsAClientExceptionWithoutStatus() throws IOException {
		TaskAppClient client = TaskAppClient.builder("http://127.0.0.1:" + TaskAppClientHealthTests.freePort())
			.build();
		StepVerifier.create(client.info()).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TaskAppClientException.class).hasMessageContaining("did not answer GET /info");
			assertThat(((TaskAppClientException) ex).getStatus()).isEqualTo(TaskAppClientException.NO_STATUS);
			assertThat(ex.getCause()).isInstanceOf(IOException.class);
		}).verify(VERIFY_TIMEOUT);
	}

	@Test
	void rootIsTrueWhenTheAppAnswers200AndCarriesNoApiKey() {
		server.stubFor(get(urlEqualTo("/")).willReturn(okJson("{\"status\":\"ok\",\"service\":\"banking77\"}")));
		TaskAppClient client = TaskAppClient.builder(server.baseUrl()).apiKey(KEY).workerToken(WORKER_TOKEN).build();
		StepVerifier.create(client.root()).expectNext(true).expectComplete().verify(VERIFY_TIMEOUT);
		server.verify(getRequestedFor(urlEqualTo("/")).withHeader("X-API-Key", absent())
			.withHeader("Authorization", absent())
			.withHeader("X-SynthTunnel-Worker-Token", equalTo(WORKER_TOKEN)));
	}

	@Test
	void rootIsFalseWhenTheAppAnswersAnotherStatus() {
		server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(503)));
		StepVerifier.create(client().root()).expectNext(false).expectComplete().verify(VERIFY_TIMEOUT);
	}

	@Test
	void rootIsFalseWhenTheAppIsUnreachable() throws IOException {
		TaskAppClient client = TaskAppClient.builder("http://127.0.0.1:" + TaskAppClientHealthTests.freePort())
			.build();
		StepVerifier.create(client.root()).expectNext(false).expectComplete().verify(VERIFY_TIMEOUT);
	}

	@Test
	void requestsGoBelowTheBasePathOfTheUrl() {
		server.stubFor(get(urlEqualTo("/s/rt_abc/info")).willReturn(okJson("{\"service\":{}}")));
		TaskAppClient client = TaskAppClient.builder(server.baseUrl() + "/s/rt_abc/").build();
		StepVerifier.create(client.info())
			.assertNext((info) -> assertThat(info).containsKey("service"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	private static TaskAppClient client() {
		return TaskAppClient.builder(server.baseUrl()).apiKey(KEY).build();
	}

	private static RolloutRequest rolloutRequest() {
		RolloutPolicySpec policy = new RolloutPolicySpec("policy_1", null,
				Map.of("model", "gpt-4o-mini", "inference_url",
						"https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123"),
				null, null);
		return RolloutRequest.of("run_abc123", RolloutEnvSpec.ofSeed(42), policy);
	}

	private static String stackTrace(Throwable ex) {
		StringWriter writer = new StringWriter();
		ex.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

}
