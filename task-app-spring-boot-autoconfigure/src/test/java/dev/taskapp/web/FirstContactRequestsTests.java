package dev.taskapp.web;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests a newcomer or a fuzzer sends first: bare query parameters, unknown paths, a model
 * that fails. Each gets the contract's answer, never Spring's defaults or a 500.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ENVIRONMENT_API_KEY=sk_test_first_contact")
class FirstContactRequestsTests {

	private static final String KEY = "sk_test_first_contact";

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

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "seed | seed | 0", "seeds | seeds | 0", "seed&seed=1 | seed | 0",
			"seed=1&seed | seed | 1" })
	void aBareSeedParameterIsA422LikeFastApisNotA500(String query, String name, int index) {
		this.client.get().uri("/task_info?" + query).header("X-API-Key", KEY).exchange()
			.expectStatus().isEqualTo(422).expectBody().json("""
					{"detail": [{"type": "int_parsing", "loc": ["query", "%s", %d],
					  "msg": "Input should be a valid integer, unable to parse string as an integer", "input": ""}]}"""
				.formatted(name, index), JsonCompareMode.STRICT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/nope", "/task_info/extra", "/rollouts" })
	void anUnknownPathIsTheContractsNotFound(String path) {
		this.client.get().uri(path).header("X-API-Key", KEY).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().json("{\"detail\": \"Not Found\"}", JsonCompareMode.STRICT);
	}

	@Test
	void anUpstreamFailureIsLoggedWithTheRunAndStatus(CapturedOutput output) {
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TaskAppRoutesTests.scripted("run_upstream_log", "upstream")).exchange()
			.expectStatus().isEqualTo(502);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output)
			.contains("WARN")
			.contains("Rollout run_upstream_log answered 502: LLM at llm.test answered 500: overloaded"));
	}

}
