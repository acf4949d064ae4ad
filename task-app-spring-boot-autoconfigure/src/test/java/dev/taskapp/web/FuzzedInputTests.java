package dev.taskapp.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import dev.taskapp.contract.ContractExamples;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated rollout bodies and query strings, generated from a fixed seed: none may be answered
 * with a 5xx, none may hang.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "task-app.api-key=sk_fuzz")
class FuzzedInputTests {

	private static final int CASES = 1500;

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private static final String[] FRAGMENTS = { "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e309",
			"\"x\"", "\\u0000", "9999999999999999999", "0.5", "{}", "[]", "\"eval\"", "\"rl\"", "\\", " " };

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void mutatedRolloutBodiesNeverYieldAServerErrorOrAHang() {
		Random random = new Random(20261123L);
		byte[] example = ContractExamples.ROLLOUT_REQUEST.getBytes(StandardCharsets.UTF_8);
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		List<String> bodies = new ArrayList<>();
		for (int i = 0; i < CASES; i++) {
			String body = mutate(example, random);
			bodies.add(body);
			answers.add(this.http.sendAsync(post("/rollout", body), HttpResponse.BodyHandlers.ofString()));
			if (answers.size() % 64 == 0) {
				CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
			}
		}
		assertNoServerError(answers, bodies);
	}

	@Test
	void mutatedTaskInfoQueriesNeverYieldAServerErrorOrAHang() {
		Random random = new Random(42L);
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		List<String> queries = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			StringBuilder query = new StringBuilder();
			int parameters = 1 + random.nextInt(4);
			for (int p = 0; p < parameters; p++) {
				String name = random.nextBoolean() ? "seed" : (random.nextBoolean() ? "seeds" : "other");
				String value = FRAGMENTS[random.nextInt(FRAGMENTS.length)] + random.nextInt(1000);
				query.append(p == 0 ? "" : "&").append(name).append('=')
					.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
			}
			queries.add(query.toString());
			HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/task_info?" + query))
				.header("X-API-Key", "sk_fuzz")
				.timeout(REQUEST_TIMEOUT)
				.GET()
				.build();
			answers.add(this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
		}
		assertNoServerError(answers, queries);
	}

	private static void assertNoServerError(List<CompletableFuture<HttpResponse<String>>> answers, List<String> inputs) {
		for (int i = 0; i < answers.size(); i++) {
			HttpResponse<String> response = answers.get(i).join();
			assertThat(response.statusCode()).as("input %s", inputs.get(i)).isLessThan(500);
			assertThat(response.body()).as("input %s", inputs.get(i)).doesNotContain("\tat ");
		}
	}

	private static String mutate(byte[] example, Random random) {
		StringBuilder text = new StringBuilder(new String(example, StandardCharsets.UTF_8));
		int mutations = 1 + random.nextInt(6);
		for (int m = 0; m < mutations; m++) {
			int at = random.nextInt(text.length() + 1);
			switch (random.nextInt(4)) {
				case 0 -> text.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
				case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(12)));
				case 2 -> {
					if (at < text.length()) {
						text.setCharAt(at, (char) (32 + random.nextInt(95)));
					}
				}
				default -> text.setLength(Math.min(text.length(), at));
			}
		}
		return text.toString();
	}

	private HttpRequest post(String path, String body) {
		return HttpRequest.newBuilder(URI.create(base() + path))
			.header("X-API-Key", "sk_fuzz")
			.header("Content-Type", "application/json")
			.timeout(REQUEST_TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
