package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.client.PromptLearningJobResult;
import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrlReadyEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JobSubmitter} without an application: the line it logs without a key, and
 * jobs that fail, against a WireMock Synth backend.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobSubmitterTests {

	private static final String JOBS = "/api/prompt-learning/online/jobs";

	private static final WireMockServer backend = new WireMockServer(options().dynamicPort());

	static {
		backend.start();
	}

	private final TaskAppUrl taskAppUrl = new TaskAppUrl(List.of("env_job_submitter_0123456789"));

	private final SampleProperties.Job settings = new SampleProperties.Job(true, "classpath:banking77-gepa.toml",
			null, null, Duration.ofMillis(20), Duration.ofSeconds(10));

	@AfterAll
	static void stopBackend() {
		backend.stop();
	}

	@BeforeEach
	void resetBackend() {
		backend.resetAll();
	}

	private JobSubmitter submitter(String apiKey) {
		return new JobSubmitter(this.taskAppUrl, this.settings, apiKey, backend.baseUrl(), new DefaultResourceLoader());
	}

	@Test
	void withoutSynthKeyItLogsOneLineSayingHowToEnableIt(CapturedOutput output) {
		JobSubmitter submitter = new JobSubmitter(this.taskAppUrl, this.settings, null, "https://api.usesynth.ai",
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
		PromptLearningJobResult result = submitter("sk_synth_0123456789")
			.submitAndAwait("https://abc.trycloudflare.com")
			.block(Duration.ofSeconds(10));
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

}
