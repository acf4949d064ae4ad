package dev.taskapp.inprocess;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.taskapp.client.PromptLearningJobClient;
import dev.taskapp.client.PromptLearningJobConfig;
import dev.taskapp.client.PromptLearningJobException;
import dev.taskapp.client.PromptLearningJobState;
import dev.taskapp.client.TaskAppClient;
import dev.taskapp.client.optimizers.HostedOptimizerClient;
import dev.taskapp.client.optimizers.HostedOptimizerException;
import dev.taskapp.client.optimizers.OptimizerRunRequest;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link InProcessJob} against a WireMock Synth backend and a real task app: the whole run,
 * and that the task app is closed whatever happens.
 */
class InProcessJobTests {

	private static final String SYNTH_KEY = "sk_synth_job_0123456789";

	private static final String TASK_APP_KEY = "sk_task_app_job_0123456789";

	private static final String JOBS = "/api/prompt-learning/online/jobs";

	private static final String STATUS = JOBS + "/pl_123";

	private static final PromptLearningJobConfig JOB_CONFIG = PromptLearningJobConfig.parse("""
			[prompt_learning]
			algorithm = "gepa"
			task_app_id = "scripted"

			[prompt_learning.gepa.rollout]
			budget = 10
			""", "scripted-gepa.toml");

	private static final String RUNS = "/api/v1/optimizers/runs";

	private static final OptimizerRunRequest GEPA_RUN = OptimizerRunRequest.gepaToml("""
			[taskset]
			train_ids = ["train:0", "train:1"]

			[candidate]
			target_modules = ["system_prompt"]
			""");

	private static final String SUBMITTED = "{\"run_id\": \"run_1\", \"status\": \"queued\", \"events_url\": \"e\","
			+ " \"status_url\": \"s\", \"artifact_base_url\": \"a\"}";

	@RegisterExtension
	final WireMockExtension backend = WireMockExtension.newInstance().options(options().dynamicPort()).build();

	private final AtomicReference<InProcessTaskApp> started = new AtomicReference<>();

	private InProcessTaskApp.Builder taskApp(TaskAppConfig config) {
		return InProcessTaskApp.builder()
			.port(Leftovers.freePort())
			.config(config)
			.apiKey(TASK_APP_KEY)
			.onStart(this.started::set);
	}

	private InProcessJob.Builder job(TaskAppConfig config) {
		return InProcessJob.builder()
			.taskApp(taskApp(config))
			.jobClient(PromptLearningJobClient.builder(backend.baseUrl()).apiKey(SYNTH_KEY).build())
			.jobConfig(JOB_CONFIG)
			.pollInterval(Duration.ofMillis(10))
			.timeout(Duration.ofSeconds(10));
	}

	private InProcessJob.Builder containerJob(TaskAppConfig config) {
		return InProcessJob.builder()
			.taskApp(taskApp(config).property(InProcessJob.CONTRACT_PROPERTY, "container"))
			.optimizerClient(HostedOptimizerClient.builder(backend.baseUrl()).apiKey(SYNTH_KEY).build())
			.optimizerRun(GEPA_RUN)
			.pollInterval(Duration.ofMillis(10))
			.timeout(Duration.ofSeconds(10));
	}

	@Test
	void jobIsSubmittedForTheStartedTaskAppAndPolledWhileItServes() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_123\", \"status\": \"queued\"}")));
		stubStatuses("{\"status\": \"queued\"}", "{\"status\": \"running\", \"best_score\": 0.5}",
				"{\"status\": \"succeeded\", \"best_score\": 0.9, \"best_prompt\": \"Classify: {query}\"}");
		List<String> progress = new CopyOnWriteArrayList<>();
		Thread caller = Thread.currentThread();
		InProcessJobResult outcome = job(ScriptedTaskApp.reactive()).onStatus((status) -> {
			assertThat(Thread.currentThread()).isSameAs(caller);
			progress.add(status.state() + " " + taskAppServes());
		}).run();
		InProcessTaskApp app = this.started.get();
		assertThat(outcome.jobId()).isEqualTo("pl_123");
		assertThat(outcome.succeeded()).isTrue();
		assertThat(outcome.result().bestScore()).isEqualTo(0.9);
		assertThat(outcome.taskAppUrl()).isEqualTo("http://127.0.0.1:" + app.port());
		assertThat(outcome.backendUrl()).isEqualTo(backend.baseUrl() + "/api");
		assertThat(outcome.taskAppHealth().ok()).isTrue();
		assertThat(progress).containsExactly("QUEUED true", "RUNNING true", "SUCCEEDED true");
		String promptLearning = "$.config_body.prompt_learning.";
		backend.verify(postRequestedFor(urlEqualTo(JOBS)).withHeader("X-API-Key", equalTo(SYNTH_KEY))
			.withRequestBody(matchingJsonPath(promptLearning + "task_app_url", equalTo(outcome.taskAppUrl())))
			.withRequestBody(matchingJsonPath(promptLearning + "task_app_api_key", equalTo(TASK_APP_KEY)))
			.withRequestBody(matchingJsonPath(promptLearning + "task_app_id", equalTo("scripted"))));
		backend.verify(0, postRequestedFor(urlEqualTo(STATUS + "/cancel")));
		assertThat(app.isRunning()).isFalse();
		assertThat(Leftovers.canBind(app.port())).isTrue();
	}

	@Test
	void withoutPollingTheJobIsOnlySubmitted() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"id\": \"pl_unpolled\"}")));
		InProcessJobResult outcome = job(ScriptedTaskApp.reactive()).poll(false).run();
		assertThat(outcome.jobId()).isEqualTo("pl_unpolled");
		assertThat(outcome.polled()).isFalse();
		assertThat(outcome.result()).isNull();
		backend.verify(0, getRequestedFor(urlPathMatching(JOBS + "/pl_unpolled.*")));
		backend.verify(0, postRequestedFor(urlPathMatching(JOBS + "/pl_unpolled.*")));
		assertThat(this.started.get().isRunning()).isFalse();
	}

	@Test
	void unhealthyTaskAppIsClosedWithoutSubmittingAJob() {
		TaskAppConfig brokenTaskInfo = TaskAppConfig.builder("broken").taskset(() -> {
			throw new IllegalStateException("taskset unavailable");
		}).rollout((context) -> Mono.empty()).build();
		Leftovers before = Leftovers.snapshot();
		assertThatIllegalStateException().isThrownBy(() -> job(brokenTaskInfo).run())
			.withMessageStartingWith("Task app health check failed for http://127.0.0.1:")
			.withMessageEndingWith(": /health=200, /task_info=500");
		backend.verify(0, postRequestedFor(urlEqualTo(JOBS)));
		before.assertNothingLeftBehind(this.started.get().port());
	}

	@Test
	void rejectedSubmissionStillClosesTheTaskApp() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\": \"Invalid API key\"}")));
		Leftovers before = Leftovers.snapshot();
		assertThatExceptionOfType(PromptLearningJobException.class)
			.isThrownBy(() -> job(ScriptedTaskApp.reactive()).run())
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(SYNTH_KEY, TASK_APP_KEY));
		before.assertNothingLeftBehind(this.started.get().port());
	}

	@Test
	void jobThatDoesNotEndInTimeFailsAndClosesTheTaskApp() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_123\"}")));
		backend.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson("{\"status\": \"running\"}")));
		assertThatExceptionOfType(PromptLearningJobException.class)
			.isThrownBy(() -> job(ScriptedTaskApp.reactive()).timeout(Duration.ofMillis(300)).run())
			.withMessageContaining("pl_123 did not finish within")
			.withMessageContaining("last status: running");
		assertThat(this.started.get().isRunning()).isFalse();
	}

	@Test
	void jobThatDoesNotEndInTimeIsCancelledBeforeItsTaskAppIsGone() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_123\"}")));
		backend.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson("{\"status\": \"running\"}")));
		backend.stubFor(post(urlEqualTo(STATUS + "/cancel")).willReturn(okJson("{\"status\": \"cancelled\"}")));
		assertThatExceptionOfType(PromptLearningJobException.class)
			.isThrownBy(() -> job(ScriptedTaskApp.reactive()).timeout(Duration.ofMillis(300)).run());
		backend.verify(1, postRequestedFor(urlEqualTo(STATUS + "/cancel"))
			.withRequestBody(matchingJsonPath("$.reason", equalTo("the in-process task app is stopping"))));
		assertThat(this.started.get().isRunning()).isFalse();
	}

	@Test
	void taskAppClosingUnderTheRunningJobCancelsIt() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_123\"}")));
		backend.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson("{\"status\": \"running\"}")));
		backend.stubFor(post(urlEqualTo(STATUS + "/cancel")).willReturn(okJson("{\"status\": \"cancelled\"}")));
		assertThatExceptionOfType(PromptLearningJobException.class).isThrownBy(() -> job(ScriptedTaskApp.reactive())
			.timeout(Duration.ofSeconds(1))
			.onStatus((status) -> this.started.get().applicationContext().close())
			.run());
		backend.verify(1, postRequestedFor(urlEqualTo(STATUS + "/cancel")));
	}

	@Test
	void containerAppGetsAHostedOptimizerRunWithItsUrlAndKey() {
		backend.stubFor(post(urlEqualTo(RUNS)).willReturn(okJson(SUBMITTED)));
		backend.stubFor(get(urlEqualTo(RUNS + "/run_1")).inScenario("run")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"running\"}"))
			.willSetStateTo("done"));
		backend.stubFor(get(urlEqualTo(RUNS + "/run_1")).inScenario("run")
			.whenScenarioStateIs("done")
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"succeeded\"}")));
		List<String> statuses = new CopyOnWriteArrayList<>();
		InProcessJobResult outcome = containerJob(ScriptedTaskApp.reactive())
			.onRunStatus((status) -> statuses.add(status.status() + " " + containerServes()))
			.run();
		assertThat(outcome.jobId()).isEqualTo("run_1");
		assertThat(outcome.succeeded()).isTrue();
		assertThat(outcome.result()).isNull();
		assertThat(outcome.optimizerRun().status()).isEqualTo("succeeded");
		assertThat(outcome.backendUrl()).isEqualTo(backend.baseUrl());
		assertThat(outcome.taskAppHealth().detail()).as("checked as a container").isEqualTo("/health=200, /metadata=200");
		assertThat(statuses).containsExactly("running true", "succeeded true");
		backend.verify(postRequestedFor(urlEqualTo(RUNS)).withHeader("Authorization", equalTo("Bearer " + SYNTH_KEY))
			.withRequestBody(matchingJsonPath("$.algorithm", equalTo("gepa")))
			.withRequestBody(matchingJsonPath("$.config_json.container.url", equalTo(outcome.taskAppUrl())))
			.withRequestBody(
					matchingJsonPath("$.config_json.container.headers.Authorization", equalTo("Bearer " + TASK_APP_KEY)))
			.withRequestBody(matchingJsonPath("$.config_json.candidate.target_modules[0]", equalTo("system_prompt"))));
		backend.verify(0, postRequestedFor(urlEqualTo(RUNS + "/run_1/cancel")));
		backend.verify(0, postRequestedFor(urlEqualTo(JOBS)));
		assertThat(this.started.get().isRunning()).isFalse();
	}

	@Test
	void containerRunThatDoesNotEndInTimeIsCancelled() {
		backend.stubFor(post(urlEqualTo(RUNS)).willReturn(okJson(SUBMITTED)));
		backend.stubFor(get(urlEqualTo(RUNS + "/run_1"))
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"running\"}")));
		backend.stubFor(post(urlEqualTo(RUNS + "/run_1/cancel"))
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"cancelling\"}")));
		assertThatExceptionOfType(HostedOptimizerException.class)
			.isThrownBy(() -> containerJob(ScriptedTaskApp.reactive()).timeout(Duration.ofMillis(300)).run())
			.withMessageContaining("run_1 did not finish within");
		backend.verify(1, postRequestedFor(urlEqualTo(RUNS + "/run_1/cancel")));
	}

	@Test
	void containerAppWithoutAnOptimizerClientSaysWhatIsMissing() {
		InProcessJob.Builder job = job(ScriptedTaskApp.reactive())
			.taskApp(taskApp(ScriptedTaskApp.reactive()).property(InProcessJob.CONTRACT_PROPERTY, "container"));
		assertThatIllegalStateException().isThrownBy(job::run)
			.withMessageContaining("serves the container contract")
			.withMessageContaining("optimizerClient(...) and optimizerRun(...)");
		backend.verify(0, postRequestedFor(urlEqualTo(JOBS)));
		assertThat(this.started.get().isRunning()).isFalse();
	}

	@Test
	void failingProgressCallbackDoesNotStopThePolling() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_123\"}")));
		stubStatuses("{\"status\": \"running\"}", "{\"status\": \"failed\", \"error\": \"budget exhausted\"}");
		List<PromptLearningJobState> states = new CopyOnWriteArrayList<>();
		InProcessJobResult outcome = job(ScriptedTaskApp.reactive()).onStatus((status) -> {
			states.add(status.state());
			throw new IllegalStateException("progress display broke");
		}).run();
		assertThat(states).containsExactly(PromptLearningJobState.RUNNING, PromptLearningJobState.FAILED);
		assertThat(outcome.result().failed()).isTrue();
		assertThat(outcome.result().error()).isEqualTo("budget exhausted");
	}

	@Test
	void jobNeedsATaskAppAClientAndAConfig() {
		assertThatIllegalStateException().isThrownBy(() -> InProcessJob.builder().jobConfig(JOB_CONFIG).build())
			.withMessage("An in-process job needs taskApp(...), jobClient(...) and jobConfig(...)");
	}

	@Test
	void invalidTaskAppOptionsFailBeforeAnythingStarts() {
		InProcessJob.Builder job = job(ScriptedTaskApp.reactive()).taskApp(InProcessTaskApp.builder().port(80));
		assertThatIllegalArgumentException().isThrownBy(job::build)
			.withMessageStartingWith("Must provide exactly one of");
	}

	private boolean containerServes() {
		InProcessTaskApp app = this.started.get();
		return TaskAppClient.builder(app.url())
			.apiKey(app.apiKey())
			.maxRetries(0)
			.build()
			.containerHealth()
			.block(Duration.ofSeconds(10))
			.ok();
	}

	private boolean taskAppServes() {
		InProcessTaskApp app = this.started.get();
		return TaskAppClient.builder(app.url())
			.apiKey(app.apiKey())
			.maxRetries(0)
			.build()
			.health()
			.block(Duration.ofSeconds(10))
			.ok();
	}

	private void stubStatuses(String... statuses) {
		String state = Scenario.STARTED;
		for (int i = 0; i < statuses.length; i++) {
			String next = (i + 1 < statuses.length) ? "poll " + (i + 1) : state;
			String body = "{\"job_id\": \"pl_123\", " + statuses[i].substring(1);
			backend.stubFor(get(urlEqualTo(STATUS)).inScenario("job")
				.whenScenarioStateIs(state)
				.willReturn(okJson(body))
				.willSetStateTo(next));
			state = next;
		}
	}

}
