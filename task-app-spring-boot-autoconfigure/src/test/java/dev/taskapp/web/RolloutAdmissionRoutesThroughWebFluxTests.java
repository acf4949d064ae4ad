package dev.taskapp.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Every test of {@link RolloutAdmissionRoutesTests} with {@code POST /rollout} served by
 * WebFlux instead of Reactor Netty directly.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_admit", "task-app.rollout.max-in-flight=2",
				"task-app.server.body-read-timeout=30s", "task-app.server.netty-routes=false" })
class RolloutAdmissionRoutesThroughWebFluxTests extends RolloutAdmissionRoutesTests {

}
