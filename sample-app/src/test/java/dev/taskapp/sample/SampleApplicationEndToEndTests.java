package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.client.TaskAppClient;
import dev.taskapp.client.TaskAppHealth;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.TaskInfo;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application as a user runs it: its real server, the starter's routes, and a
 * WireMock model answering the classify tool call.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "task-app.api-key=sk_sample_e2e")
class SampleApplicationEndToEndTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final WireMockServer llm = new WireMockServer(options().dynamicPort());

	@LocalServerPort
	private int port;

	@Autowired
	private Banking77Dataset dataset;

	@BeforeAll
	static void startLlm() {
		llm.start();
	}

	@AfterAll
	static void stopLlm() {
		llm.stop();
	}

	private TaskAppClient client() {
		return TaskAppClient.builder("http://127.0.0.1:" + this.port).apiKey("sk_sample_e2e").build();
	}

	@Test
	void sdkHealthCheckPasses() {
		TaskAppHealth health = client().health().block(TIMEOUT);
		assertThat(health.ok()).isTrue();
	}

	@Test
	void taskInfoDescribesTheSeedsQuery() {
		TaskInfo instance = client().taskInfo(7).block(TIMEOUT);
		assertThat(instance.taskMetadata()).containsEntry("query", this.dataset.sample("train", 7).text());
	}

	@Test
	void rolloutScoresTheModelsAnswerThroughTheWholeStack() {
		String label = this.dataset.sample("train", 3).label();
		llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(toolCallAnswer(label))));
		String inferenceUrl = llm.baseUrl() + "/v1?cid=trace_e2e";
		RolloutRequest request = RolloutRequest.of("run_e2e", RolloutEnvSpec.ofSeed(3),
				RolloutPolicySpec.ofConfig(Map.of("inference_url", inferenceUrl, "model", "test-model")));
		RolloutResponse response = client().rollout(request).block(TIMEOUT);
		assertThat(response.runId()).isEqualTo("run_e2e");
		assertThat(response.metrics().meanReturn()).isEqualTo(1.0);
		assertThat(response.traceCorrelationId()).isEqualTo("trace_e2e");
		assertThat(response.pipelineMetadata()).containsEntry("inference_url", inferenceUrl);
		llm.verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
			.withQueryParam("cid", com.github.tomakehurst.wiremock.client.WireMock.equalTo("trace_e2e"))
			.withRequestBody(equalToJson("{\"model\": \"test-model\"}", true, true))
			.withoutHeader("X-API-Key"));
	}

	private static String toolCallAnswer(String intent) {
		Map<String, Object> call = Map.of("id", "call_1", "type", "function", "function",
				Map.of("name", "classify", "arguments", "{\"intent\": \"" + intent + "\"}"));
		return TaskAppJson.mapper()
			.writeValueAsString(Map.of("choices", List.of(Map.of("index", 0, "finish_reason", "tool_calls", "message",
					Map.of("role", "assistant", "tool_calls", List.of(call))))));
	}

}
