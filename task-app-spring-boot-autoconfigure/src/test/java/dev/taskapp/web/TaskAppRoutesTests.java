package dev.taskapp.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import dev.taskapp.contract.ContractExamples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task-app routes served by a real Netty server: success and every failure.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ENVIRONMENT_API_KEY=sk_test_primary_key", "task-app.api-key-aliases=alias_one, alias_two",
				"task-app.max-request-size=64KB" })
class TaskAppRoutesTests {

	private static final String KEY = "sk_test_primary_key";

	@LocalServerPort
	private int port;

	private WebTestClient client;

	@BeforeEach
	void createClient() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	@Test
	void rootIsOpenAndNamesTheService() {
		this.client.get().uri("/").exchange().expectStatus().isOk().expectBody().json("""
				{"status": "ok", "service": "scripted"}""", true);
	}

	@Test
	void headOfRootIsOpen() {
		this.client.head().uri("/").exchange().expectStatus().isOk();
	}

	@Test
	void healthWithoutKeyIsRejectedWithoutAnyPartOfTheKey() {
		byte[] body = this.client.get()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.json("""
					{"detail": {"error": {"code": "unauthorised", "message": "API key missing or invalid",
					 "have_x_api_key": false, "have_x_api_keys": false, "have_authorization": false}}}""", true)
			.returnResult()
			.getResponseBody();
		assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("sk_tes").doesNotContain("alias");
	}

	@Test
	void wrongKeyIsRejectedNamingOnlyTheHeadersPresent() {
		String body = new String(this.client.get()
			.uri("/health")
			.header("X-API-Key", "sk_test_primary_kez")
			.header(HttpHeaders.AUTHORIZATION, "Basic " + KEY)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail.error.have_x_api_key")
			.isEqualTo(true)
			.jsonPath("$.detail.error.have_x_api_keys")
			.isEqualTo(false)
			.jsonPath("$.detail.error.have_authorization")
			.isEqualTo(true)
			.returnResult()
			.getResponseBody(), StandardCharsets.UTF_8);
		assertThat(body).doesNotContain("sk_tes");
	}

	@ParameterizedTest
	@ValueSource(strings = { "X-API-Key=sk_test_primary_key", "X-API-Key=wrong, sk_test_primary_key",
			"X-API-Keys=wrong,alias_two", "X-API-Keys=wrong , alias_one", "Authorization=Bearer sk_test_primary_key",
			"Authorization=bearer   sk_test_primary_key  ", "Authorization=BEARER wrong,alias_one" })
	void everyHeaderFormOfAnAcceptedKeyIsAuthorised(String header) {
		String[] nameAndValue = header.split("=", 2);
		this.client.get()
			.uri("/health")
			.header(nameAndValue[0], nameAndValue[1])
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void healthReportsTheExpectedPrefixOfAtMostAQuarterOfTheKey() {
		this.client.get().uri("/health").header("X-API-Key", KEY).exchange().expectStatus().isOk().expectBody().json("""
				{"healthy": true, "auth": {"required": true, "expected_prefix": "sk_t..."}}""", true);
	}

	@Test
	void infoIsTheReferenceEnvelope() {
		this.client.get().uri("/info").header("X-API-Key", KEY).exchange().expectStatus().isOk().expectBody().json("""
				{"service": {"task": {"id": "scripted", "name": "Scripted", "description": null, "version": "1.0.0"},
				             "version": "1.0.0"},
				 "dataset": {"id": "scripted", "name": null, "version": null, "splits": ["train"],
				             "default_split": "train", "description": null},
				 "rubrics": null,
				 "inference": {"model": null, "inference_url": null},
				 "limits": {"max_turns": null, "max_response_tokens": null, "timeout_seconds": null}}""", true);
	}

	@Test
	void taskInfoWithoutSeedsDescribesTheTaskset() {
		this.client.get().uri("/task_info").header("X-API-Key", KEY).exchange().expectStatus().isOk().expectBody()
			.json("{\"taskset\": {\"id\": \"scripted\", \"splits\": [\"train\"]}}", true);
	}

	@Test
	void taskInfoWithOneSeedIsAnObject() {
		this.client.get()
			.uri("/task_info?seed=3")
			.header("X-API-Key", KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.task.id")
			.isEqualTo("scripted")
			.jsonPath("$.task_metadata.seed")
			.isEqualTo(3)
			.jsonPath("$.rubric.outcome")
			.doesNotExist();
	}

	@Test
	void taskInfoWithSeveralSeedsIsAnArrayInSeedThenSeedsOrder() {
		this.client.get()
			.uri("/task_info?seeds=9&seed=3&seed=4&seeds=1")
			.header("X-API-Key", KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(4)
			.jsonPath("$[*].task_metadata.seed")
			.isEqualTo(Arrays.asList(3, 4, 9, 1));
	}

	@Test
	void nonIntegerSeedsAreValidationErrorsWithTheirPositions() {
		this.client.get().uri("/task_info?seed=1&seed=x&seeds=1,2").header("X-API-Key", KEY).exchange()
			.expectStatus().isEqualTo(422).expectBody().json("""
					{"detail": [
					  {"type": "int_parsing", "loc": ["query", "seed", 1],
					   "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"},
					  {"type": "int_parsing", "loc": ["query", "seeds", 0],
					   "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "1,2"}]}""", true);
	}

	@Test
	void rolloutOfTheReferenceExampleEchoesTheRunAndTheCorrelationId() {
		this.client.post()
			.uri("/rollout")
			.header("X-API-Key", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ContractExamples.ROLLOUT_REQUEST)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.run_id")
			.isEqualTo("run_abc123")
			.jsonPath("$.trace_correlation_id")
			.isEqualTo("trace_abc123")
			.jsonPath("$.metrics.mean_return")
			.isEqualTo(1.0)
			.jsonPath("$.trajectories[0].steps[0].info.chat_completions_url")
			.isEqualTo("https://api.usesynth.ai/v1/trial-xyz/chat/completions?cid=trace_abc123")
			.jsonPath("$.branches")
			.isEmpty()
			.jsonPath("$.aborted")
			.isEqualTo(false)
			.jsonPath("$.ops_executed")
			.isEqualTo(0)
			.jsonPath("$.trace")
			.doesNotExist()
			.jsonPath("$.trajectories[0].final")
			.doesNotExist()
			.jsonPath("$.metrics.events_score")
			.doesNotExist();
	}

	@Test
	void rolloutResponseCarriesEveryFieldEvenWhenNull() {
		String body = rolloutBody(ContractExamples.ROLLOUT_REQUEST);
		assertThat(body).contains("\"trace\":null", "\"final\":null", "\"decision_samples\":null",
				"\"events_score\":null", "\"truncated\":null", "\"output\":null", "\"output_mode\":null");
	}

	@Test
	void correlationIdOfTheRequestWinsOverTheInferenceUrl() {
		String request = ContractExamples.ROLLOUT_REQUEST.replace("\"mode\": \"eval\"",
				"\"mode\": \"eval\", \"trace_correlation_id\": \"trace_from_request\"");
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request).exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.trace_correlation_id").isEqualTo("trace_from_request");
	}

	@Test
	void unknownFieldsAreIgnoredAtEveryLevel() {
		String request = """
				{"run_id": "r1", "extra": 1, "env": {"seed": 2, "future": true},
				 "policy": {"config": {}, "policy_version": "v2"}, "record": {"new_flag": 1},
				 "safety": {"max_gpu": 1}, "context_overrides": [{"x": 1}]}""";
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request).exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.run_id").isEqualTo("r1")
			.jsonPath("$.trace_correlation_id").doesNotExist();
	}

	@Test
	void missingAndMistypedFieldsAreValidationErrors() {
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"env\": {\"seed\": \"x\"}, \"policy\": {}, \"mode\": \"train\"}").exchange()
			.expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.detail[?(@.loc[1] == 'run_id')].type").isEqualTo("missing")
			.jsonPath("$.detail[?(@.loc[2] == 'seed')].type").isEqualTo("int_parsing")
			.jsonPath("$.detail[?(@.loc[1] == 'mode')].type").isEqualTo("enum");
	}

	@Test
	void malformedJsonIsAValidationError() {
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"run_id\": \"r1\", ").exchange()
			.expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.detail[0].type").isEqualTo("json_invalid")
			.jsonPath("$.detail[0].loc[0]").isEqualTo("body");
	}

	@Test
	void malformedInferenceUrlIsAValidationErrorNamingTheKey() {
		String request = "{\"run_id\": \"r1\", \"env\": {}, \"policy\": {\"config\": {\"api_base\": \"ftp://x\"}}}";
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request).exchange()
			.expectStatus().isEqualTo(422).expectBody()
			.jsonPath("$.detail[0].type").isEqualTo("value_error")
			.jsonPath("$.detail[0].loc").isEqualTo(Arrays.asList("body", "policy", "config", "api_base"));
	}

	@Test
	void rolloutWithoutKeyIsRejectedBeforeTheBodyIsRead() {
		this.client.post().uri("/rollout").contentType(MediaType.APPLICATION_JSON).bodyValue("not json").exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void bodyOverTheLimitIsRejectedWith413() {
		String padding = "x".repeat(70 * 1024);
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"run_id\": \"" + padding + "\"}").exchange()
			.expectStatus().isEqualTo(413).expectBody()
			.jsonPath("$.detail.error.code").isEqualTo("payload_too_large");
	}

	@Test
	void chunkedBodyOverTheLimitIsRejectedWith413() {
		DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
		Flux<DataBuffer> chunks = Flux.range(0, 80)
			.map((i) -> buffers.wrap(("x".repeat(1024)).getBytes(StandardCharsets.UTF_8)));
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.body(chunks, DataBuffer.class).exchange()
			.expectStatus().isEqualTo(413);
	}

	@Test
	void wrongMethodIsAnswered405WithTheAllowedMethod() {
		this.client.get().uri("/rollout").exchange().expectStatus().isEqualTo(405)
			.expectHeader().valueEquals("Allow", "POST")
			.expectBody().json("{\"detail\": \"Method Not Allowed\"}", true);
		this.client.method(HttpMethod.DELETE).uri("/health").exchange().expectStatus().isEqualTo(405);
		this.client.post().uri("/task_info").exchange().expectStatus().isEqualTo(405);
	}

	@Test
	void failingHandlerIsA500NamingTheRunWithoutInternals() {
		String body = new String(this.client.post().uri("/rollout").header("X-API-Key", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(scripted("run_fail", "fail")).exchange()
			.expectStatus().isEqualTo(500)
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().jsonPath("$.detail.error.code").isEqualTo("rollout_failed")
			.returnResult().getResponseBody(), StandardCharsets.UTF_8);
		assertThat(body).contains("run_fail").doesNotContain("internals").doesNotContain("Exception")
			.doesNotContain("\tat ");
	}

	@Test
	void handlerErrorSignalIsA500() {
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(scripted("run_signal", "error-signal")).exchange()
			.expectStatus().isEqualTo(500);
	}

	@Test
	void handlerWithoutResponseIsA500() {
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(scripted("run_empty", "empty")).exchange()
			.expectStatus().isEqualTo(500);
	}

	@Test
	void upstreamFailureIsA502WithItsMessage() {
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(scripted("run_up", "upstream")).exchange()
			.expectStatus().isEqualTo(502).expectBody().json("""
					{"detail": {"error": {"code": "upstream_error", "message": "LLM at llm.test answered 500: overloaded"}}}""", true);
	}

	@Test
	void missingInferenceUrlIsA400WhenTheHandlerNeedsOne() {
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"run_id\": \"r\", \"env\": {}, \"policy\": {\"config\": {\"behaviour\": \"missing-url\"}}}")
			.exchange()
			.expectStatus().isBadRequest().expectBody()
			.jsonPath("$.detail.error.message").isEqualTo("Missing inference_url in policy.config");
	}

	@Test
	void doneAcknowledges() {
		this.client.post().uri("/done").header("X-API-Key", KEY).exchange().expectStatus().isOk().expectBody()
			.json("{\"ok\": true, \"service\": \"scripted\"}", true);
	}

	@Test
	void unknownPathIsANotFoundWithoutStackTrace() {
		String body = new String(this.client.get().uri("/nope").exchange().expectStatus().isNotFound().expectBody()
			.returnResult().getResponseBody(), StandardCharsets.UTF_8);
		assertThat(body).doesNotContain("\tat ").doesNotContain("Exception");
	}

	private String rolloutBody(String request) {
		return new String(this.client.post().uri("/rollout").header("X-API-Key", KEY)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(request).exchange()
			.expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
	}

	static String scripted(String runId, String behaviour) {
		return "{\"run_id\": \"" + runId + "\", \"env\": {\"seed\": 2}, \"policy\": {\"config\": {\"behaviour\": \""
				+ behaviour + "\"}}, \"mode\": \"eval\"}";
	}

}
