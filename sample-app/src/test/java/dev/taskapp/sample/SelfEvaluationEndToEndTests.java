package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as the README runs it, offline: no inference URL, so it serves the demo keyword
 * classifier, evaluates itself through its URL once that is ready, prints the table and the
 * mean score, and keeps serving.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.self-evaluation.enabled=true", "task-app.api-key=sk_self_eval_0123456789" })
class SelfEvaluationEndToEndTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SelfEvaluationRunner runner;

	@Test
	void selfEvaluationPrintsATableAndTheMeanScore(CapturedOutput output) {
		await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("Mean score: "));
		String out = output.getOut();
		assertThat(out).contains("Self-evaluation: 24 seeds through http://127.0.0.1:" + this.port)
			.contains("the demo keyword classifier at http://127.0.0.1:" + this.port + "/demo-llm/v1")
			.contains("Evaluating 6/24 ...")
			.contains("Evaluating 24/24 ...");
		assertThat(out).containsPattern("seed \\| query +\\| expected +\\| predicted +\\| reward");
		assertThat(out).containsPattern("(?m)^   0 \\| .+ \\| card_arrival +\\| \\w+ +\\|   [01]\\.00$");
		assertThat(out).containsPattern("(?m)^  23 \\| ");
		SelfEvaluationReport report = this.runner.report();
		assertThat(report).isNotNull();
		assertThat(report.rows()).hasSize(24).allSatisfy((row) -> assertThat(row.error()).isNull());
		assertThat(report.rows()).extracting(SelfEvaluationReport.Row::seed)
			.containsExactlyElementsOf(IntStream.range(0, 24).boxed().toList());
		assertThat(report.meanScore()).isGreaterThanOrEqualTo(0.75);
		assertThat(out).contains(SelfEvaluationTable.meanScoreLine(report));
		assertThat(out).contains("Mean score: 0.").contains(" over 24 seeds");
	}

	@Test
	void demoLlmAnswersWithoutTheTaskAppKey() {
		Map<String, Object> request = Map.of("messages",
				List.of(Map.of("role", "user", "content", "Customer query: I want to close my account")));
		String body = WebClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri(KeywordBaselinePolicy.CHAT_COMPLETIONS_PATH + "?cid=eval_test")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TaskAppJson.mapper().writeValueAsString(request))
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
		JsonNode answer = TaskAppJson.mapper().readTree(body);
		assertThat(answer.path("choices").path(0).path("message").path("content").stringValue())
			.isEqualTo("terminate_account");
	}

	@Test
	void malformedDemoRequestIsA400WithAnOpenAiStyleError() {
		String body = WebClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri(KeywordBaselinePolicy.CHAT_COMPLETIONS_PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{not json")
			.exchangeToMono((response) -> {
				assertThat(response.statusCode().value()).isEqualTo(400);
				return response.bodyToMono(String.class);
			})
			.block(Duration.ofSeconds(10));
		assertThat(TaskAppJson.mapper().readTree(body).path("error").path("type").stringValue())
			.isEqualTo("invalid_request_error");
	}

}
