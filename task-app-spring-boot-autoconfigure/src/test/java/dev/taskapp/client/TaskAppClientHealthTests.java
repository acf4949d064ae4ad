package dev.taskapp.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TaskAppClient#health()} against a WireMock task app: the check of §5.1 of the contract.
 */
class TaskAppClientHealthTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

	private static final String KEY = "sk_env_health_0123456789";

	private static final String ALIAS = "alias_health_abcdefghij";

	private static final String WORKER_TOKEN = "wt_health_zyxwvutsrq";

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
	void healthSendsTheApiKeyInAllThreeHeaders() {
		stubHealth(200, "{\"healthy\":true}");
		stubTaskInfo(200);
		assertHealth(client().build(), true, 200, 200);
		for (String path : List.of("/health", "/task_info")) {
			server.verify(getRequestedFor(urlEqualTo(path)).withHeader("X-API-Key", equalTo(KEY))
				.withHeader("X-API-Keys", equalTo(KEY))
				.withHeader("Authorization", equalTo("Bearer " + KEY)));
		}
	}

	@Test
	void healthSendsTheAliasesAfterTheKeyInXApiKeys() {
		stubHealth(200, "{\"healthy\":true}");
		stubTaskInfo(200);
		assertHealth(client().apiKeyAliases(List.of(ALIAS)).build(), true, 200, 200);
		server.verify(getRequestedFor(urlEqualTo("/health")).withHeader("X-API-Key", equalTo(KEY))
			.withHeader("X-API-Keys", equalTo(KEY + "," + ALIAS)));
	}

	@Test
	void healthSendsTheWorkerToken() {
		stubHealth(200, "{\"healthy\":true}");
		stubTaskInfo(200);
		assertHealth(client().workerToken(WORKER_TOKEN).build(), true, 200, 200);
		server.verify(getRequestedFor(urlEqualTo("/health")).withHeader("X-SynthTunnel-Worker-Token",
				equalTo(WORKER_TOKEN)));
		server.verify(getRequestedFor(urlEqualTo("/task_info")).withHeader("X-SynthTunnel-Worker-Token",
				equalTo(WORKER_TOKEN)));
	}

	@Test
	void healthIsOkWhenHealthAndTaskInfoAnswer200() {
		stubHealth(200, "{\"healthy\":true,\"auth\":{\"required\":true,\"expected_prefix\":\"sk_env...\"}}");
		stubTaskInfo(200);
		StepVerifier.create(client().build().health())
			.expectNext(new TaskAppHealth(true, 200, 200, "/health=200, /task_info=200"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void healthAnswering401WithExpectedApiKeyPrefixCountsAsHealthy() {
		stubHealth(401, "{\"detail\":\"Invalid API key\",\"expected_api_key_prefix\":\"sk_env\"}");
		stubTaskInfo(200);
		assertHealth(client().build(), true, 401, 200);
	}

	@Test
	void healthAnswering403WithDetailNamingTheExpectedPrefixCountsAsHealthy() {
		stubHealth(403, "{\"detail\":\"Key rejected; expected prefix sk_env\"}");
		stubTaskInfo(200);
		assertHealth(client().build(), true, 403, 200);
	}

	@Test
	void healthAnswering401WithoutAPrefixHintIsNotHealthy() {
		stubHealth(401, "{\"detail\":{\"error\":{\"code\":\"unauthorised\",\"message\":\"API key missing or invalid\"}}}");
		stubTaskInfo(401);
		assertHealth(client().build(), false, 401, 401);
	}

	@Test
	void healthAnswering400IsNotHealthy() {
		stubHealth(400, "{\"detail\":{\"error\":{\"code\":\"unauthorised\",\"message\":\"API key missing or invalid\"}}}");
		stubTaskInfo(200);
		assertHealth(client().build(), false, 400, 200);
	}

	@Test
	void taskInfoAnswering500IsNotHealthy() {
		stubHealth(200, "{\"healthy\":true}");
		stubTaskInfo(500);
		StepVerifier.create(client().build().health())
			.expectNext(new TaskAppHealth(false, 200, 500, "/health=200, /task_info=500"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void unreachableAppIsNotHealthyAfterTheRetries() throws IOException {
		TaskAppClient client = TaskAppClient.builder("http://127.0.0.1:" + freePort())
			.apiKey(KEY)
			.maxRetries(2)
			.retryBackoff(Duration.ofMillis(1))
			.build();
		StepVerifier.create(client.health()).assertNext((health) -> {
			assertThat(health.ok()).isFalse();
			assertThat(health.healthStatus()).isNull();
			assertThat(health.taskInfoStatus()).isNull();
			assertThat(health.detail()).startsWith("/health: ").endsWith("(after 3 attempts)").doesNotContain(KEY);
		}).expectComplete().verify(VERIFY_TIMEOUT);
	}

	@Test
	void droppedConnectionIsRetriedUntilTheAppAnswers() {
		server.stubFor(get(urlEqualTo("/health")).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("up"));
		server.stubFor(get(urlEqualTo("/health")).inScenario("flaky")
			.whenScenarioStateIs("up")
			.willReturn(okJson("{\"healthy\":true}")));
		stubTaskInfo(200);
		TaskAppClient client = client().httpClient(HttpClient.create().disableRetry(true))
			.retryBackoff(Duration.ofMillis(1))
			.build();
		assertHealth(client, true, 200, 200);
		server.verify(2, getRequestedFor(urlEqualTo("/health")));
	}

	@Test
	void timeoutIsNotRetriedAndIsNotHealthy() {
		server.stubFor(get(urlEqualTo("/health")).willReturn(okJson("{\"healthy\":true}").withFixedDelay(2000)));
		stubTaskInfo(200);
		TaskAppClient client = client().timeout(Duration.ofMillis(200)).retryBackoff(Duration.ofMillis(1)).build();
		StepVerifier.create(client.health())
			.expectNext(new TaskAppHealth(false, null, null, "/health: no answer within 200ms"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
		server.verify(1, getRequestedFor(urlEqualTo("/health")));
	}

	@Test
	void taskInfoTimeoutKeepsTheHealthStatus() {
		stubHealth(200, "{\"healthy\":true}");
		server.stubFor(get(urlEqualTo("/task_info")).willReturn(okJson("{\"taskset\":{}}").withFixedDelay(2000)));
		TaskAppClient client = client().timeout(Duration.ofMillis(200)).build();
		StepVerifier.create(client.health())
			.expectNext(new TaskAppHealth(false, 200, null, "/health=200, /task_info: no answer within 200ms"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	private static TaskAppClient.Builder client() {
		return TaskAppClient.builder(server.baseUrl()).apiKey(KEY);
	}

	private static void stubHealth(int status, String body) {
		server.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(body)));
	}

	private static void stubTaskInfo(int status) {
		server.stubFor(get(urlEqualTo("/task_info")).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"taskset\":{\"id\":\"banking77\"}}")));
	}

	private static void assertHealth(TaskAppClient client, boolean ok, int healthStatus, int taskInfoStatus) {
		StepVerifier.create(client.health()).assertNext((health) -> {
			assertThat(health.ok()).isEqualTo(ok);
			assertThat(health.healthStatus()).isEqualTo(healthStatus);
			assertThat(health.taskInfoStatus()).isEqualTo(taskInfoStatus);
			assertThat(health.detail()).isEqualTo("/health=" + healthStatus + ", /task_info=" + taskInfoStatus);
		}).expectComplete().verify(VERIFY_TIMEOUT);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
