package dev.taskapp.container;

import dev.taskapp.web.AbstractRolloutRefusalTests;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * A container rollout past the limit is refused from its request's head, before its body is
 * read, on HTTP/1.1 and h2c, and the connection goes on serving; a wrong key is still told
 * 401 first.
 */
@SpringBootTest(classes = ContainerTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ENVIRONMENT_API_KEY=sk_container_refusal_key", "task-app.contract=container",
				"task-app.tunnel.mode=local", "task-app.rollout.max-in-flight=1", "server.http2.enabled=true" })
class ContainerRefusalTests extends AbstractRolloutRefusalTests {

	ContainerRefusalTests() {
		super("Authorization", "Bearer sk_container_refusal_key", "Bearer sk_wrong_key_0000",
				"{\"submission_mode\": \"sync\", \"candidate\": {\"system_prompt\": \"x\"},"
						+ " \"policy\": {\"model\": \"m\", \"inference_url\": \"http://127.0.0.1:9/v1\"},"
						+ " \"task\": {\"task_id\": \"train:0\", \"split\": \"train\", \"seed\": 0}}",
				"{\"submission_mode\": ");
	}

}
