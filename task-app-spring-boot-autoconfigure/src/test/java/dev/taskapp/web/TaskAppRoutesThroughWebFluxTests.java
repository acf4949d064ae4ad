package dev.taskapp.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Every test of {@link TaskAppRoutesTests} with {@code POST /rollout} and {@code GET /health}
 * served by WebFlux instead of Reactor Netty directly.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ENVIRONMENT_API_KEY=sk_test_primary_key", "task-app.api-key-aliases=alias_one, alias_two",
				"task-app.max-request-size=64KB", "task-app.server.netty-routes=false" })
class TaskAppRoutesThroughWebFluxTests extends TaskAppRoutesTests {

}
