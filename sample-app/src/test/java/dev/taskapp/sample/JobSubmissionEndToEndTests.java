package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.taskapp.client.PromptLearningJobResult;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample with {@code SYNTH_API_KEY} set: once its URL is ready it submits
 * {@code banking77-gepa.toml} to the (WireMock) Synth backend of {@code SYNTH_BACKEND_URL} with
 * its own URL and key, and reports the job's progress until it succeeds.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.job.enabled=true", "sample.job.poll-interval=20ms",
				"SYNTH_API_KEY=sk_synth_job_e2e_0123456789", "task-app.api-key=env_job_e2e_0123456789" })
class JobSubmissionEndToEndTests {

	private static final String JOBS = "/api/prompt-learning/online/jobs";

	private static final WireMockServer backend = new WireMockServer(options().dynamicPort());

	static {
		backend.start();
		backend.stubFor(post(urlEqualTo(JOBS))
			.willReturn(okJson("{\"job_id\": \"pl_sample\", \"status\": \"queued\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_sample")).inScenario("job")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson("{\"status\": \"running\", \"best_score\": 0.72}"))
			.willSetStateTo("done"));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_sample")).inScenario("job")
			.whenScenarioStateIs("done")
			.willReturn(okJson("{\"status\": \"succeeded\", \"best_score\": 0.93}")));
		backend.stubFor(get(urlPathEqualTo(JOBS + "/pl_sample/events")).withQueryParam("since_seq", equalTo("0"))
			.willReturn(okJson("{\"events\": [{\"seq\": 7, \"type\": \"prompt.learning.best.prompt\", \"data\":"
					+ " {\"best_score\": 0.93, \"best_prompt\": \"Name the banking intent of: {query}\"}}],"
					+ " \"next_seq\": 7}")));
		backend.stubFor(get(urlPathEqualTo(JOBS + "/pl_sample/events")).withQueryParam("since_seq", equalTo("7"))
			.willReturn(okJson("{\"events\": [], \"next_seq\": 7}")));
	}

	@LocalServerPort
	private int port;

	@Autowired
	private JobSubmitter jobSubmitter;

	@DynamicPropertySource
	static void backendUrl(DynamicPropertyRegistry registry) {
		registry.add("SYNTH_BACKEND_URL", backend::baseUrl);
	}

	@AfterAll
	static void stopBackend() {
		backend.stop();
	}

	@Test
	void jobIsSubmittedWithTheAppsUrlAndKeyAndFollowedToItsResult(CapturedOutput output) {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.jobSubmitter.result() != null);
		PromptLearningJobResult result = this.jobSubmitter.result();
		assertThat(result.succeeded()).isTrue();
		assertThat(result.bestScore()).isEqualTo(0.93);
		List<LoggedRequest> submissions = backend.findAll(postRequestedFor(urlEqualTo(JOBS)));
		assertThat(submissions).hasSize(1);
		assertThat(submissions.get(0).getHeader("X-API-Key")).isEqualTo("sk_synth_job_e2e_0123456789");
		JsonNode body = TaskAppJson.mapper().readTree(submissions.get(0).getBodyAsString());
		assertThat(body.path("algorithm").stringValue()).isEqualTo("gepa");
		JsonNode promptLearning = body.path("config_body").path("prompt_learning");
		assertThat(promptLearning.path("task_app_url").stringValue()).isEqualTo("http://127.0.0.1:" + this.port);
		assertThat(promptLearning.path("task_app_api_key").stringValue()).isEqualTo("env_job_e2e_0123456789");
		assertThat(promptLearning.path("initial_prompt").path("messages")).hasSize(2);
		assertThat(promptLearning.path("gepa").path("evaluation").path("train_seeds")).hasSize(30);
		assertThat(output.getOut())
			.contains("Submitted prompt-learning job pl_sample (gepa, classpath:banking77-gepa.toml)")
			.contains("is local: a Synth backend on another machine cannot reach it")
			.containsPattern("Job pl_sample \\[\\d\\d:\\d\\d\\] running, best score 0\\.72")
			.contains("Job pl_sample succeeded: best score 0.93")
			.contains("Name the banking intent of: {query}")
			.doesNotContain("sk_synth_job_e2e_0123456789")
			.doesNotContain("env_job_e2e_0123456789");
	}

}
