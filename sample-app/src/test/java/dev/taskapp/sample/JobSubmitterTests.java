package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.taskapp.client.PromptLearningJobResult;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrlChangedEvent;
import dev.taskapp.tunnel.TaskAppUrlReadyEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link JobSubmitter} without an application, against a WireMock Synth backend: the
 * line it logs without a key, jobs that fail, hosted-optimizer runs for a container, and jobs
 * cancelled at shutdown or when the task app's URL changes.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobSubmitterTests {

	private static final String JOBS = "/api/prompt-learning/online/jobs";

	@RegisterExtension
	final WireMockExtension backend = WireMockExtension.newInstance().options(options().dynamicPort()).build();

	private final TaskAppUrl taskAppUrl = new TaskAppUrl(List.of("env_job_submitter_0123456789"));

	private static final String RUNS = "/api/v1/optimizers/runs";

	private static final String SUBMITTED = "{\"run_id\": \"run_1\", \"status\": \"queued\", \"events_url\": \"e\","
			+ " \"status_url\": \"s\", \"artifact_base_url\": \"a\"}";

	private final SampleProperties.Job settings = settings(SampleProperties.OnUrlChange.CANCEL);

	private static SampleProperties.Job settings(SampleProperties.OnUrlChange onUrlChange) {
		return new SampleProperties.Job(true, "classpath:banking77-gepa.toml", null, null, Duration.ofMillis(20),
				Duration.ofSeconds(10), "classpath:banking77-gepa-v2.toml", onUrlChange, Duration.ofSeconds(30));
	}

	private JobSubmitter submitter(String apiKey) {
		return new JobSubmitter(this.taskAppUrl, this.settings, apiKey, backend.baseUrl(), new DefaultResourceLoader());
	}

	private JobSubmitter resubmittingSubmitter() {
		return new JobSubmitter(this.taskAppUrl, settings(SampleProperties.OnUrlChange.RESUBMIT),
				"sk_synth_0123456789", backend.baseUrl(), new DefaultResourceLoader());
	}

	/**
	 * Makes the backend give the first job submitted one id and every later one another.
	 */
	private void stubSubmissions(String firstJobId, String laterJobId) {
		backend.stubFor(post(urlEqualTo(JOBS)).inScenario("jobs")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson("{\"job_id\": \"" + firstJobId + "\"}"))
			.willSetStateTo("submitted"));
		backend.stubFor(post(urlEqualTo(JOBS)).inScenario("jobs")
			.whenScenarioStateIs("submitted")
			.willReturn(okJson("{\"job_id\": \"" + laterJobId + "\"}")));
	}

	private JobSubmitter containerSubmitter() {
		return new JobSubmitter(this.taskAppUrl, this.settings, "sk_synth_0123456789", backend.baseUrl(),
				new DefaultResourceLoader(), true);
	}

	@Test
	void withoutSynthKeyItLogsOneLineSayingHowToEnableIt(CapturedOutput output) {
		JobSubmitter submitter = new JobSubmitter(this.taskAppUrl, this.settings, null, backend.baseUrl(),
				new DefaultResourceLoader());
		submitter.onApplicationEvent(new TaskAppUrlReadyEvent(this, this.taskAppUrl));
		submitter.onApplicationEvent(new TaskAppUrlReadyEvent(this, this.taskAppUrl));
		assertThat(output.getOut().lines().filter((line) -> line.contains("No prompt-learning job submitted")))
			.singleElement()
			.asString()
			.contains("INFO")
			.contains("set SYNTH_API_KEY")
			.contains("classpath:banking77-gepa.toml");
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void failedJobIsReportedWithTheBackendsError(CapturedOutput output) {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_fail\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_fail"))
			.willReturn(okJson("{\"status\": \"failed\", \"error\": \"Task app unreachable\"}")));
		JobSubmitter submitter = submitter("sk_synth_0123456789");
		submitter.submitAndAwait("https://abc.trycloudflare.com").block(Duration.ofSeconds(10));
		PromptLearningJobResult result = submitter.result();
		assertThat(result.failed()).isTrue();
		assertThat(output.getOut()).contains("Job pl_fail failed: Task app unreachable");
		JsonNode body = TaskAppJson.mapper()
			.readTree(backend.findAll(postRequestedFor(urlEqualTo(JOBS))).get(0).getBodyAsString());
		JsonNode promptLearning = body.path("config_body").path("prompt_learning");
		assertThat(promptLearning.path("task_app_url").stringValue()).isEqualTo("https://abc.trycloudflare.com");
		assertThat(promptLearning.path("task_app_api_key").stringValue()).isEqualTo("env_job_submitter_0123456789");
		assertThat(promptLearning.path("gepa").path("env_name").stringValue()).isEqualTo("banking77");
	}

	@Test
	void rejectedSynthKeyEndsTheSubmission() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\": \"Invalid API key\"}")));
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> submitter("sk_synth_0123456789").submitAndAwait("https://abc.trycloudflare.com")
				.block(Duration.ofSeconds(10)))
			.withMessageContaining("Synth API key rejected")
			.withMessageNotContaining("sk_synth_0123456789");
	}

	@Test
	void jobStillRunningAtShutdownIsCancelled(CapturedOutput output) {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_run\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_run")).willReturn(okJson("{\"status\": \"running\"}")));
		backend.stubFor(post(urlEqualTo(JOBS + "/pl_run/cancel")).willReturn(okJson("{\"status\": \"cancelled\"}")));
		JobSubmitter submitter = submitter("sk_synth_0123456789");
		submitter.start("https://abc.trycloudflare.com");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !backend.findAll(getRequestedFor(urlEqualTo(JOBS + "/pl_run"))).isEmpty());
		submitter.destroy();
		backend.verify(1, postRequestedFor(urlEqualTo(JOBS + "/pl_run/cancel"))
			.withRequestBody(matchingJsonPath("$.reason", equalTo("the task app is shutting down"))));
		assertThat(output.getOut()).contains("Cancelled prompt-learning job pl_run: the task app is shutting down");
	}

	@Test
	void jobThatEndedIsNotCancelledAtShutdown() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_done\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_done")).willReturn(okJson("{\"status\": \"failed\"}")));
		JobSubmitter submitter = submitter("sk_synth_0123456789");
		submitter.start("https://abc.trycloudflare.com");
		await().atMost(Duration.ofSeconds(10)).until(() -> submitter.result() != null);
		submitter.destroy();
		backend.verify(0, postRequestedFor(urlEqualTo(JOBS + "/pl_done/cancel")));
	}

	@Test
	void changedUrlCancelsTheJobThatCanNoLongerReachTheApp(CapturedOutput output) {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_moved\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_moved")).willReturn(okJson("{\"status\": \"running\"}")));
		backend.stubFor(post(urlEqualTo(JOBS + "/pl_moved/cancel")).willReturn(okJson("{\"status\": \"cancelled\"}")));
		JobSubmitter submitter = submitter("sk_synth_0123456789");
		submitter.start("https://old.trycloudflare.com");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !backend.findAll(getRequestedFor(urlEqualTo(JOBS + "/pl_moved"))).isEmpty());
		submitter.onUrlChanged(
				new TaskAppUrlChangedEvent(this, "https://old.trycloudflare.com", "https://new.trycloudflare.com"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> backend.verify(1, postRequestedFor(urlEqualTo(JOBS + "/pl_moved/cancel"))));
		assertThat(output.getOut()).contains("The task app moved from https://old.trycloudflare.com to"
				+ " https://new.trycloudflare.com: prompt-learning job pl_moved can no longer reach it; cancelling it");
		assertThat(backend.findAll(postRequestedFor(urlEqualTo(JOBS)))).hasSize(1);
		submitter.destroy();
		backend.verify(1, postRequestedFor(urlEqualTo(JOBS + "/pl_moved/cancel")));
	}

	@Test
	void changedUrlWithResubmitCancelsTheJobAndSubmitsOneForTheNewUrl() {
		stubSubmissions("pl_first", "pl_second");
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_first")).willReturn(okJson("{\"status\": \"running\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_second")).willReturn(okJson("{\"status\": \"succeeded\"}")));
		backend.stubFor(post(urlEqualTo(JOBS + "/pl_first/cancel")).willReturn(okJson("{\"status\": \"cancelled\"}")));
		JobSubmitter submitter = resubmittingSubmitter();
		submitter.start("https://old.trycloudflare.com");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !backend.findAll(getRequestedFor(urlEqualTo(JOBS + "/pl_first"))).isEmpty());
		submitter.onUrlChanged(
				new TaskAppUrlChangedEvent(this, "https://old.trycloudflare.com", "https://new.trycloudflare.com"));
		await().atMost(Duration.ofSeconds(10)).until(() -> submitter.result() != null);
		assertThat(submitter.result().jobId()).isEqualTo("pl_second");
		backend.verify(1, postRequestedFor(urlEqualTo(JOBS + "/pl_first/cancel")));
		List<LoggedRequest> submissions = backend.findAll(postRequestedFor(urlEqualTo(JOBS)));
		assertThat(submissions).hasSize(2);
		assertThat(TaskAppJson.mapper().readTree(submissions.get(1).getBodyAsString())
			.path("config_body")
			.path("prompt_learning")
			.path("task_app_url")
			.stringValue()).isEqualTo("https://new.trycloudflare.com");
	}

	@Test
	void jobResubmittedForTheNewUrlIsTheOneCancelledAtShutdown() {
		stubSubmissions("pl_before", "pl_after");
		backend.stubFor(get(urlPathMatching(JOBS + "/pl_(before|after)")).willReturn(okJson("{\"status\": \"running\"}")));
		backend.stubFor(post(urlPathMatching(JOBS + "/pl_(before|after)/cancel"))
			.willReturn(okJson("{\"status\": \"cancelled\"}")));
		JobSubmitter submitter = resubmittingSubmitter();
		submitter.start("https://old.trycloudflare.com");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !backend.findAll(getRequestedFor(urlEqualTo(JOBS + "/pl_before"))).isEmpty());
		submitter.onUrlChanged(
				new TaskAppUrlChangedEvent(this, "https://old.trycloudflare.com", "https://new.trycloudflare.com"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !backend.findAll(getRequestedFor(urlEqualTo(JOBS + "/pl_after"))).isEmpty());
		submitter.destroy();
		backend.verify(1, postRequestedFor(urlEqualTo(JOBS + "/pl_after/cancel")));
		Counts.awaitStopsChanging(() -> backend.findAll(getRequestedFor(urlEqualTo(JOBS + "/pl_after"))).size(),
				Duration.ofMillis(300));
	}

	@Test
	void containerAppSubmitsTheGepaV2RunWithItsUrlAndKey(CapturedOutput output) {
		backend.stubFor(post(urlEqualTo(RUNS)).willReturn(okJson(SUBMITTED)));
		backend.stubFor(get(urlEqualTo(RUNS + "/run_1"))
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"succeeded\", \"result\": {\"best_score\": 0.9}}")));
		JobSubmitter submitter = containerSubmitter();
		submitter.submitAndAwait("https://abc.trycloudflare.com").block(Duration.ofSeconds(10));
		assertThat(submitter.runStatus().succeeded()).isTrue();
		assertThat(submitter.result()).isNull();
		LoggedRequest submission = backend.findAll(postRequestedFor(urlEqualTo(RUNS))).get(0);
		assertThat(submission.getHeader("Authorization")).isEqualTo("Bearer sk_synth_0123456789");
		JsonNode body = TaskAppJson.mapper().readTree(submission.getBodyAsString());
		assertThat(body.path("algorithm").stringValue()).isEqualTo("gepa");
		JsonNode config = body.path("config_json");
		assertThat(config.path("container").path("url").stringValue()).isEqualTo("https://abc.trycloudflare.com");
		assertThat(config.path("container").path("headers").path("Authorization").stringValue())
			.isEqualTo("Bearer env_job_submitter_0123456789");
		assertThat(config.path("candidate").path("target_modules").get(0).stringValue()).isEqualTo("system_prompt");
		assertThat(config.path("seed_candidate").path("system_prompt").stringValue()).contains("{intents}");
		assertThat(config.path("taskset").path("train_ids").get(0).stringValue()).isEqualTo("train:0");
		assertThat(config.path("taskset").path("heldout_ids").get(0).stringValue()).isEqualTo("test:0");
		assertThat(output.getOut()).contains("Submitted gepa optimizer run run_1 (classpath:banking77-gepa-v2.toml)")
			.contains("Run run_1 succeeded")
			.doesNotContain("env_job_submitter_0123456789");
		backend.verify(0, postRequestedFor(urlEqualTo(JOBS)));
	}

	@Test
	void containerRunStillRunningAtShutdownIsCancelled() {
		backend.stubFor(post(urlEqualTo(RUNS)).willReturn(okJson(SUBMITTED)));
		backend.stubFor(get(urlEqualTo(RUNS + "/run_1"))
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"running\"}")));
		backend.stubFor(post(urlEqualTo(RUNS + "/run_1/cancel"))
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"cancelling\"}")));
		JobSubmitter submitter = containerSubmitter();
		submitter.start("https://abc.trycloudflare.com");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !backend.findAll(getRequestedFor(urlEqualTo(RUNS + "/run_1"))).isEmpty());
		submitter.destroy();
		backend.verify(1, postRequestedFor(urlEqualTo(RUNS + "/run_1/cancel")));
	}

}
