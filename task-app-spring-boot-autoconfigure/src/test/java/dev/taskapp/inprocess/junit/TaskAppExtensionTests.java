package dev.taskapp.inprocess.junit;

import java.time.Duration;
import java.util.Map;

import dev.taskapp.client.TaskAppClient;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.inprocess.InProcessTaskApp;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TaskAppUrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TaskAppTest} as a user writes it: the scripted task app, started once for the class,
 * injected into lifecycle and test methods.
 */
@TaskAppTest(configMethod = "scripted", apiKey = "sk_extension", properties = "task-app.base-path=/task")
class TaskAppExtensionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static InProcessTaskApp started;

	static TaskAppConfig scripted() {
		return ScriptedTaskApp.reactive();
	}

	@BeforeAll
	static void rememberTheTaskApp(InProcessTaskApp app) {
		started = app;
	}

	@Test
	void injectedClientPassesTheSdkHealthCheck(TaskAppClient client) {
		assertThat(client.health().block(TIMEOUT).ok()).isTrue();
	}

	@Test
	void injectedUrlIsTheUrlOfTheClassesTaskApp(TaskAppUrl url, InProcessTaskApp app) {
		assertThat(app).isSameAs(started);
		assertThat(app.isRunning()).isTrue();
		assertThat(url.get(Duration.ZERO)).isEqualTo(app.url()).endsWith(":" + app.port() + "/task");
		assertThat(url.apiKey()).isEqualTo("sk_extension");
	}

	@Test
	void rolloutRunsThroughTheInjectedClient(TaskAppClient client) {
		RolloutRequest request = RolloutRequest.of("run_extension", RolloutEnvSpec.ofSeed(2),
				RolloutPolicySpec.ofConfig(Map.of("inference_url", "https://llm.test/v1?cid=trace_ext", "model", "m")));
		RolloutResponse response = client.rollout(request).block(TIMEOUT);
		assertThat(response.runId()).isEqualTo("run_extension");
		assertThat(response.metrics().meanReturn()).isEqualTo(1.0);
	}

	@Nested
	class WhenNested {

		@Test
		void theTaskAppOfTheEnclosingClassIsInjected(InProcessTaskApp app, TaskAppClient client) {
			assertThat(app).isSameAs(started);
			assertThat(client.getBaseUrl()).isEqualTo(started.url());
		}

	}

}
