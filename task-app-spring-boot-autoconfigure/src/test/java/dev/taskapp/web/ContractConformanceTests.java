package dev.taskapp.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A black-box client written from the contract reference alone (plain JDK HTTP, JSON trees,
 * none of the starter's types): it walks the Synth CLI's endpoint validation (§3.4
 * {@code validate_task_app_endpoint}), checks the rollout response's required fields and
 * types (§3.3) and the RL validator's rules, and throws bad input at every route.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ENVIRONMENT_API_KEY=sk_conformance")
class ContractConformanceTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Test
	void endpointValidationOfTheSynthCliPasses() throws Exception {
		JsonNode root = getJson("/", false, 200);
		assertThat(root.get("status").asString()).isEqualTo("ok");
		assertThat(root.get("service").isString()).isTrue();
		JsonNode health = getJson("/health", true, 200);
		assertThat(health.get("healthy").asBoolean()).isTrue();
		assertThat(health.get("auth").get("required").isBoolean()).isTrue();
		assertThat(health.get("auth").get("expected_prefix").isString()).isTrue();
		JsonNode info = getJson("/info", true, 200);
		assertThat(info.get("service").get("task").get("name").isString()).isTrue();
		assertThat(info.get("service").has("version")).isTrue();
		assertThat(info.get("dataset").has("id")).isTrue();
		assertThat(getJson("/task_info", true, 200).get("taskset").isObject()).isTrue();
		for (int seed = 0; seed < 15; seed++) {
			JsonNode instance = getJson("/task_info?seed=" + seed, true, 200);
			assertThat(instance.get("task").get("id").isString()).isTrue();
			assertThat(instance.get("environment").isString()).isTrue();
			assertThat(instance.get("dataset").isObject()).isTrue();
			assertThat(instance.get("inference").isObject()).isTrue();
		}
		int optionsStatus = send(HttpRequest.newBuilder(uri("/rollout"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())).statusCode();
		assertThat(optionsStatus).isIn(200, 204, 405);
	}

	@Test
	void rolloutResponseHasEveryRequiredFieldWithItsType() throws Exception {
		String request = """
				{"run_id": "run_bb", "env": {"seed": 4, "config": {"split": "train"}},
				 "policy": {"policy_name": "candidate-7",
				            "config": {"model": "m", "inference_url": "https://llm.test/v1/t1/trace_bb/chat/completions"}},
				 "ops": [], "mode": "rl"}""";
		HttpResponse<String> response = post("/rollout", request);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("run_id").asString()).isEqualTo("run_bb");
		assertThat(body.get("trajectories").isArray()).isTrue();
		assertThat(body.get("trajectories").size()).isGreaterThanOrEqualTo(1);
		assertThat(body.get("branches").isObject()).isTrue();
		assertThat(body.get("aborted").isBoolean()).isTrue();
		assertThat(body.get("ops_executed").isInt()).isTrue();
		assertThat(body.get("trace_correlation_id").asString()).isEqualTo("trace_bb");
		assertThat(body.has("trace")).isTrue();
		assertThat(body.get("pipeline_metadata").isObject()).isTrue();
		JsonNode metrics = body.get("metrics");
		assertThat(metrics.get("episode_returns").isArray()).isTrue();
		assertThat(metrics.get("mean_return").isNumber()).isTrue();
		assertThat(metrics.get("num_steps").isInt()).isTrue();
		assertThat(metrics.get("num_episodes").isInt()).isTrue();
		assertThat(metrics.has("outcome_score")).isTrue();
		assertThat(metrics.has("events_score")).isTrue();
		assertThat(metrics.get("details").isObject()).isTrue();
		for (JsonNode trajectory : body.get("trajectories")) {
			assertThat(trajectory.get("env_id").isString()).isTrue();
			assertThat(trajectory.get("policy_id").asString()).isEqualTo("candidate-7");
			assertThat(trajectory.get("length").asInt()).isGreaterThanOrEqualTo(1);
			assertThat(trajectory.get("inference_url").isString()).isTrue();
			assertThat(trajectory.has("final")).isTrue();
			assertThat(trajectory.has("decision_samples")).isTrue();
			assertThat(trajectory.get("steps").size()).isGreaterThanOrEqualTo(1);
			for (JsonNode step : trajectory.get("steps")) {
				assertThat(step.get("obs").isObject()).isTrue();
				assertThat(step.get("tool_calls").isArray()).isTrue();
				assertThat(step.get("done").isBoolean()).isTrue();
				assertThat(step.has("reward")).isTrue();
				assertThat(step.has("truncated")).isTrue();
				assertThat(step.has("output")).isTrue();
				assertThat(step.has("output_mode")).isTrue();
				assertThat(step.get("info").get("meta").get("inference_url").isString()).isTrue();
			}
		}
	}

	@Test
	void unauthorisedAnswerCarriesTheSdkErrorEnvelope() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/health")).GET());
		assertThat(response.statusCode()).isEqualTo(401);
		JsonNode error = JSON.readTree(response.body()).get("detail").get("error");
		assertThat(error.get("code").asString()).isEqualTo("unauthorised");
		assertThat(error.get("message").isString()).isTrue();
		assertThat(response.body()).doesNotContain("sk_con");
	}

	static Stream<Object[]> badInput() {
		return Stream.of(new Object[] { "POST", "/rollout", "" }, new Object[] { "POST", "/rollout", "null" },
				new Object[] { "POST", "/rollout", "[]" }, new Object[] { "POST", "/rollout", "\"text\"" },
				new Object[] { "POST", "/rollout", "{" }, new Object[] { "POST", "/rollout", "{}}" },
				new Object[] { "POST", "/rollout", "{\"run_id\": 1, \"env\": [], \"policy\": \"p\"}" },
				new Object[] { "POST", "/rollout", "{\"run_id\": \"r\", \"env\": {\"seed\": 1e400}, \"policy\": {}}" },
				new Object[] { "POST", "/rollout", "{\"run_id\": \"r\", \"env\": {\"seed\": 99999999999}, \"policy\": {}}" },
				new Object[] { "POST", "/rollout", "{\"run_id\": \"r\", \"env\": {}, \"policy\": {\"config\": {\"inference_url\": \"::\"}}}" },
				new Object[] { "POST", "/rollout", "{\"run_id\": \"r\", \"env\": {}, \"policy\": {\"output_mode\": 3}}" },
				new Object[] { "POST", "/rollout", "{\"run_id\": \"r\", \"env\": {}, \"policy\": {}, \"record\": {\"trace_format\": \"huge\"}}" },
				new Object[] { "POST", "/rollout", "{\"run_id\": \"r\", \"env\": {}, \"policy\": {}, \"ops\": {}}" },
				new Object[] { "POST", "/rollout", "\u0000\u0001\u0002" },
				new Object[] { "POST", "/rollout", "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}" },
				new Object[] { "GET", "/task_info?seed=", null }, new Object[] { "GET", "/task_info?seed=1.5", null },
				new Object[] { "GET", "/task_info?seed=99999999999", null },
				new Object[] { "GET", "/task_info?seeds=%00", null }, new Object[] { "GET", "/task_info?seed=-3", null },
				new Object[] { "PUT", "/rollout", "{}" }, new Object[] { "PATCH", "/info", "{}" });
	}

	@ParameterizedTest
	@MethodSource("badInput")
	void badInputNeverYieldsAServerErrorOrAStackTrace(String method, String path, String body) throws Exception {
		HttpRequest.BodyPublisher publisher = (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody();
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
			.header("X-API-Key", "sk_conformance")
			.header("Content-Type", "application/json")
			.method(method, publisher));
		assertThat(response.statusCode()).isBetween(200, 499);
		assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
		if (response.statusCode() >= 400) {
			assertThat(JSON.readTree(response.body()).has("detail")).isTrue();
		}
	}

	private JsonNode getJson(String path, boolean withKey, int expectedStatus) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		if (withKey) {
			request.header("X-API-Key", "sk_conformance");
		}
		HttpResponse<String> response = send(request);
		assertThat(response.statusCode()).as(path).isEqualTo(expectedStatus);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path))
			.header("X-API-Key", "sk_conformance")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
