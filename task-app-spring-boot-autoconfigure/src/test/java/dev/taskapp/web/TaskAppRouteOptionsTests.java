package dev.taskapp.web;

import java.time.Duration;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The task-app routes under the settings users change: base path, authentication off, the
 * reference's 400 status, a minted key, and a blocking handler.
 */
class TaskAppRouteOptionsTests {

	static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	@Nested
	@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "task-app.base-path=/task", "task-app.auth.enabled=false" })
	class BasePathWithoutAuth {

		@LocalServerPort
		int port;

		@Test
		void routesAreServedUnderTheBasePath() {
			WebTestClient client = client(this.port);
			client.get().uri("/task").exchange().expectStatus().isOk();
			client.get().uri("/task/task_info").exchange().expectStatus().isOk();
			client.get().uri("/health").exchange().expectStatus().isNotFound();
			client.get().uri("/task/rollout").exchange().expectStatus().isEqualTo(405);
		}

		@Test
		void healthSaysNoKeyIsRequiredAndShowsNoPrefix() {
			client(this.port).get().uri("/task/health").exchange().expectStatus().isOk().expectBody().json("""
					{"healthy": true, "auth": {"required": false, "expected_prefix": "<unset>"}}""", true);
		}

		@Test
		void rolloutNeedsNoKey() {
			client(this.port).post()
				.uri("/task/rollout")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(TaskAppRoutesTests.scripted("r1", "ok"))
				.exchange()
				.expectStatus()
				.isOk();
		}

	}

	@Nested
	@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "task-app.api-key=sk_reference", "task-app.auth.failure-status=400" })
	class ReferenceCompatibleFailureStatus {

		@LocalServerPort
		int port;

		@Test
		void missingKeyIsA400WithTheSameBody() {
			client(this.port).get()
				.uri("/health")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.doesNotExist("WWW-Authenticate")
				.expectBody()
				.jsonPath("$.detail.error.code")
				.isEqualTo("unauthorised");
		}

	}

	@Nested
	@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class MintedKey {

		@LocalServerPort
		int port;

		@Autowired
		TaskAppApiKeys keys;

		@Test
		void appIsNeverOpenByAccident() {
			client(this.port).get().uri("/health").exchange().expectStatus().isUnauthorized();
		}

		@Test
		void healthShowsSixCharactersOfAMintedKey() {
			client(this.port).get()
				.uri("/health")
				.header("X-API-Key", this.keys.primary())
				.exchange()
				.expectBody()
				.jsonPath("$.auth.expected_prefix")
				.isEqualTo(this.keys.primary().substring(0, 6) + "...");
		}

		@Test
		void mintedKeyIsAccepted() {
			client(this.port).get()
				.uri("/health")
				.header("X-API-Key", this.keys.primary())
				.exchange()
				.expectStatus()
				.isOk();
		}

	}

	@Nested
	@SpringBootTest(classes = BlockingHandlerTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "task-app.api-key=k")
	class BlockingHandlerTests {

		@LocalServerPort
		int port;

		@Test
		void blockingHandlerRunsOffTheEventLoop() {
			client(this.port).post()
				.uri("/rollout")
				.header("X-API-Key", "k")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(TaskAppRoutesTests.scripted("r1", "ok"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.trajectories[0].steps[0].info.note")
				.value(String.class, (thread) -> org.assertj.core.api.Assertions.assertThat(thread)
					.startsWith("boundedElastic")
					.doesNotContain("reactor-http"));
		}

		@SpringBootConfiguration
		@EnableAutoConfiguration
		static class Application {

			@Bean
			TaskAppConfig blockingTaskApp() {
				return ScriptedTaskApp.blocking();
			}

		}

	}

}
