package dev.taskapp.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Every test of {@link SlowAndStuckRequestTests} with {@code POST /rollout} served by WebFlux
 * instead of Reactor Netty directly.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_slow", "task-app.server.body-read-timeout=700ms",
				"task-app.server.netty-routes=false" })
class SlowAndStuckRequestThroughWebFluxTests extends SlowAndStuckRequestTests {

}
