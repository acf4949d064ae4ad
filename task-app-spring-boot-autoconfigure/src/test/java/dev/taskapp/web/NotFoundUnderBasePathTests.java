package dev.taskapp.web;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With {@code task-app.base-path}, only unknown paths under it get the contract's 404; the
 * rest of the application keeps Spring Boot's.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ENVIRONMENT_API_KEY=sk_test_base_path_key", "task-app.base-path=/task" })
class NotFoundUnderBasePathTests {

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
	void anUnknownPathUnderTheBasePathIsTheContractsNotFound() {
		this.client.get().uri("/task/nope").exchange().expectStatus().isNotFound().expectBody()
			.json("{\"detail\": \"Not Found\"}", JsonCompareMode.STRICT);
	}

	@Test
	void anUnknownPathElsewhereIsSpringBootsNotFound() {
		this.client.get().uri("/elsewhere").exchange().expectStatus().isNotFound().expectBody()
			.jsonPath("$.detail").doesNotExist()
			.jsonPath("$.status").isEqualTo(404);
	}

}
