package dev.taskapp.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Every test of {@link RolloutRefusalTests} with {@code POST /rollout} served by WebFlux
 * instead of Reactor Netty directly.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_refusal_key", "task-app.rollout.max-in-flight=1",
				"server.http2.enabled=true", "task-app.server.netty-routes=false" })
class RolloutRefusalThroughWebFluxTests extends RolloutRefusalTests {

}
