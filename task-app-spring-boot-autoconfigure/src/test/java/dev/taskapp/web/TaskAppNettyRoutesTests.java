package dev.taskapp.web;

import java.time.Duration;

import dev.taskapp.contract.ContractExamples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /rollout} and {@code GET /health} served by Reactor Netty ahead of WebFlux,
 * under a base path: what reaches them, what falls through to WebFlux, and what is said about
 * the WebFilters they bypass.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_netty_routes", "task-app.base-path=/task" })
@Import(TaskAppNettyRoutesTests.MarkingFilterConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class TaskAppNettyRoutesTests {

	private static final String KEY = "sk_netty_routes";

	private static final String MARK = "X-Seen-By-WebFlux";

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
	void rolloutAndHealthAreServedAheadOfWebFluxFilters() {
		this.client.post()
			.uri("/task/rollout")
			.header("X-API-Key", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ContractExamples.ROLLOUT_REQUEST)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(MARK)
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.run_id")
			.isEqualTo("run_abc123");
		this.client.get()
			.uri("/task/health")
			.header("X-API-Key", KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(MARK)
			.expectBody()
			.jsonPath("$.healthy")
			.isEqualTo(true);
	}

	@Test
	void otherRoutesAndMethodsFallThroughToWebFlux() {
		this.client.get().uri("/task/info").header("X-API-Key", KEY).exchange().expectStatus().isOk()
			.expectHeader().valueEquals(MARK, "yes");
		this.client.get().uri("/task/rollout").exchange().expectStatus().isEqualTo(405)
			.expectHeader().valueEquals(MARK, "yes").expectHeader().valueEquals("Allow", "POST");
		this.client.post().uri("/rollout").header("X-API-Key", KEY).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ContractExamples.ROLLOUT_REQUEST).exchange().expectStatus().isNotFound()
			.expectHeader().valueEquals(MARK, "yes");
	}

	@Test
	void queryStringDoesNotChangeTheRoute() {
		this.client.get().uri("/task/health?probe=1").header("X-API-Key", KEY).exchange().expectStatus().isOk()
			.expectHeader().doesNotExist(MARK);
	}

	@Test
	void missingKeyIsRejectedAheadOfWebFlux() {
		this.client.post()
			.uri("/task/rollout")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ContractExamples.ROLLOUT_REQUEST)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectHeader()
			.doesNotExist(MARK)
			.expectBody()
			.jsonPath("$.detail.error.code")
			.isEqualTo("unauthorised");
	}

	@Test
	void startupNamesTheWebFiltersTheRoutesBypass(CapturedOutput output) {
		assertThat(output.getOut()).contains("these WebFilters do not see them")
			.contains("[markingFilter]")
			.contains("task-app.server.netty-routes=false");
	}

	static class MarkingFilterConfiguration {

		@Bean
		WebFilter markingFilter() {
			return (exchange, chain) -> {
				exchange.getResponse().getHeaders().set(MARK, "yes");
				return chain.filter(exchange).then(Mono.empty());
			};
		}

	}

}
