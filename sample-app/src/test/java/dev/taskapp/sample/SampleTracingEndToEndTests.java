package dev.taskapp.sample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.client.TaskAppClient;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutMode;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRecordConfig;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.RolloutSafetyConfig;
import dev.taskapp.contract.TraceFormat;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's model calls in traces: returned with {@code return_trace}, written to the
 * store, and listed by {@link TraceReport}.
 */
class SampleTracingEndToEndTests {

	private static final WireMockServer llm = new WireMockServer(options().dynamicPort());

	@TempDir
	Path directory;

	@BeforeAll
	static void startLlm() {
		llm.start();
		Map<String, Object> call = Map.of("id", "call_1", "type", "function", "function",
				Map.of("name", "classify", "arguments", "{\"intent\": \"card_arrival\"}"));
		llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(TaskAppJson.mapper()
			.writeValueAsString(Map.of("choices", List.of(Map.of("index", 0, "finish_reason", "tool_calls", "message",
					Map.of("role", "assistant", "tool_calls", List.of(call)))))))));
	}

	@AfterAll
	static void stopLlm() {
		llm.stop();
	}

	@Test
	void rolloutTraceCarriesTheModelCallAndTheStoreListsIt() throws Exception {
		Path database = this.directory.resolve("traces.db");
		RolloutResponse response;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--task-app.api-key=sk_trace", "--task-app.tracing.enabled=true",
					"--task-app.tracing.db-path=" + database)) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			RolloutRequest request = new RolloutRequest("run_traced", RolloutEnvSpec.ofSeed(0),
					RolloutPolicySpec.ofConfig(Map.of("inference_url", llm.baseUrl() + "/v1?cid=trace_sample")),
					List.of(), new RolloutRecordConfig(true, false, false, true, TraceFormat.COMPACT), "reset",
					RolloutSafetyConfig.DEFAULTS, null, null, RolloutMode.EVAL, null);
			response = TaskAppClient.builder("http://127.0.0.1:" + port).apiKey("sk_trace").build().rollout(request)
				.block(Duration.ofSeconds(30));
		}
		assertThat(response.trace()).containsEntry("schema_version", "4.0");
		String trace = TaskAppJson.mapper().writeValueAsString(response.trace());
		assertThat(trace).contains("\"event_type\":\"lm_call\"", "classify", "trace_sample");
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		PrintStream original = System.out;
		Path sft = this.directory.resolve("sft.jsonl");
		System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
		try {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				printed.reset();
				TraceReport.main(new String[] { database.toString(), sft.toString() });
				assertThat(printed.toString(StandardCharsets.UTF_8)).contains("run_traced");
			});
		}
		finally {
			System.setOut(original);
		}
		assertThat(Files.readAllLines(sft)).isNotEmpty().allSatisfy((line) -> assertThat(line).contains("messages"));
	}

}
