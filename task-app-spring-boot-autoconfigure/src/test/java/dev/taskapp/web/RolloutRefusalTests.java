package dev.taskapp.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * A task-app rollout past the limit is refused from its request's head, before its body is
 * read, on HTTP/1.1 and h2c, and the connection goes on serving; a wrong key is still told 401
 * first. {@link RolloutRefusalThroughWebFluxTests} runs the same through WebFlux.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_refusal_key", "task-app.rollout.max-in-flight=1",
				"server.http2.enabled=true" })
class RolloutRefusalTests extends AbstractRolloutRefusalTests {

	RolloutRefusalTests() {
		super("X-API-Key", "sk_refusal_key", "sk_wrong_key_0000",
				"{\"run_id\": \"run_refused\", \"env\": {\"seed\": 2}, \"policy\": {}}", "{\"run_id\": ");
	}

}
