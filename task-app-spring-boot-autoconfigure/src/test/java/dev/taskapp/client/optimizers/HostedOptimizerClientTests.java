package dev.taskapp.client.optimizers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.taskapp.client.SynthBackendException;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link HostedOptimizerClient} against a WireMock Synth backend: submission, status, waiting,
 * cancellation, event streams and their resumption, the NDJSON backfill, and errors.
 */
class HostedOptimizerClientTests {

	private static final Duration BLOCK = Duration.ofSeconds(10);

	private static final String SYNTH_KEY = "sk_synth_hosted_0123456789abcdef";

	private static final String CONTAINER_KEY = "env_container_key_9876543210";

	private static final String RUNS = "/api/v1/optimizers/runs";

	private static final String EVENTS = RUNS + "/run_1/events";

	private static final String TOML = """
			[container]
			url = "http://placeholder"

			[taskset]
			train_split = "train"
			train_ids = ["train:0", "train:1"]

			[candidate]
			target_modules = ["system_prompt"]

			[gepa]
			max_generations = 2
			""";

	private static final String SUBMITTED = "{\"run_id\": \"run_1\", \"status\": \"queued\", \"algorithm\": \"gepa\","
			+ " \"events_url\": \"/api/v1/optimizers/runs/run_1/events\", \"status_url\": \"/api/v1/optimizers/runs/run_1\","
			+ " \"artifact_base_url\": \"/api/v1/optimizers/runs/run_1/artifacts\"}";

	@RegisterExtension
	final WireMockExtension backend = WireMockExtension.newInstance().options(options().dynamicPort()).build();

	private HostedOptimizerClient client() {
		return HostedOptimizerClient.builder(backend.baseUrl() + "/api")
			.apiKey(SYNTH_KEY)
			.eventResumption(Duration.ofMillis(10), 2)
			.build();
	}

	private static JsonNode body(LoggedRequest request) {
		return TaskAppJson.mapper().readTree(request.getBodyAsString());
	}

	@Test
	void tomlRunIsSubmittedAsItIsWithTheKeyAsBearer() {
		backend.stubFor(post(urlEqualTo(RUNS)).willReturn(okJson(SUBMITTED)));
		OptimizerRun run = client().submit(OptimizerRunRequest.gepaToml(TOML).withIdempotencyKey("idem-1")).block(BLOCK);
		assertThat(run.runId()).isEqualTo("run_1");
		assertThat(run.status()).isEqualTo("queued");
		assertThat(run.eventsUrl()).endsWith("/run_1/events");
		assertThat(run.algorithm()).isEqualTo("gepa");
		LoggedRequest request = backend.findAll(postRequestedFor(urlEqualTo(RUNS))).get(0);
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + SYNTH_KEY);
		JsonNode body = body(request);
		assertThat(body.path("algorithm").stringValue()).isEqualTo("gepa");
		assertThat(body.path("config_toml").stringValue()).isEqualTo(TOML);
		assertThat(body.has("config_json")).isFalse();
		assertThat(body.path("idempotency_key").stringValue()).isEqualTo("idem-1");
	}

	@Test
	void containerUrlAndHeadersTurnTheTomlIntoConfigJson() {
		backend.stubFor(post(urlEqualTo(RUNS)).willReturn(okJson(SUBMITTED)));
		OptimizerRunRequest request = OptimizerRunRequest.gepaToml(TOML)
			.withContainerUrl("https://abc.trycloudflare.com")
			.withContainerHeader("Authorization", "Bearer " + CONTAINER_KEY);
		client().submit(request).block(BLOCK);
		JsonNode body = body(backend.findAll(postRequestedFor(urlEqualTo(RUNS))).get(0));
		assertThat(body.has("config_toml")).isFalse();
		JsonNode container = body.path("config_json").path("container");
		assertThat(container.path("url").stringValue()).isEqualTo("https://abc.trycloudflare.com");
		assertThat(container.path("headers").path("Authorization").stringValue()).isEqualTo("Bearer " + CONTAINER_KEY);
		assertThat(container.has("auth_refresh")).isFalse();
		assertThat(body.path("config_json").path("taskset").path("train_ids")).hasSize(2);
		assertThat(request.toString()).contains("Authorization").doesNotContain(CONTAINER_KEY);
	}

	@Test
	void synthTunnelLeaseAddsAuthRefreshAndDropsCredentialHeaders() {
		backend.stubFor(post(urlEqualTo(RUNS)).willReturn(okJson(SUBMITTED)));
		OptimizerRunRequest request = OptimizerRunRequest.gepaToml(TOML)
			.withContainerUrl("https://st.usesynth.ai/s/rt_abc")
			.withContainerHeader("Authorization", "Bearer " + CONTAINER_KEY)
			.withContainerHeader("X-API-Key", CONTAINER_KEY)
			.withContainerHeader("X-Trace", "on")
			.withSynthTunnelLease("lease_42");
		client().submit(request).block(BLOCK);
		JsonNode container = body(backend.findAll(postRequestedFor(urlEqualTo(RUNS))).get(0)).path("config_json")
			.path("container");
		assertThat(container.path("url").stringValue()).isEqualTo("https://st.usesynth.ai/s/rt_abc");
		assertThat(container.path("headers").propertyNames()).containsExactly("X-Trace");
		assertThat(container.path("auth_refresh").path("provider").stringValue()).isEqualTo("synth_tunnel");
		assertThat(container.path("auth_refresh").path("lease_id").stringValue()).isEqualTo("lease_42");
		assertThat(container.path("auth_refresh").path("refresh_interval_seconds").asInt()).isEqualTo(900);
	}

	@Test
	void synthTunnelLeaseIsRefusedWithAContainerPoolOrBearerEnv() {
		OptimizerRunRequest pool = OptimizerRunRequest.gepaToml(TOML + "\n[container.pool]\npool_id = \"p1\"\n")
			.withSynthTunnelLease("lease_42");
		assertThatIllegalArgumentException().isThrownBy(() -> client().submit(pool))
			.withMessageContaining("container.pool");
		OptimizerRunRequest bearerEnv = OptimizerRunRequest
			.gepaToml(TOML.replace("url = \"http://placeholder\"", "auth_bearer_env = \"KEY\""))
			.withSynthTunnelLease("lease_42");
		assertThatIllegalArgumentException().isThrownBy(() -> client().submit(bearerEnv))
			.withMessageContaining("container.auth_bearer_env");
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void submissionAnswerWithoutEventsUrlIsUnexpected() {
		backend.stubFor(post(urlEqualTo(RUNS)).willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"queued\"}")));
		assertThatExceptionOfType(HostedOptimizerException.class)
			.isThrownBy(() -> client().submit(OptimizerRunRequest.gepaToml(TOML)).block(BLOCK))
			.withMessageContaining("has no events_url");
	}

	@Test
	void rejectedKeyIsReportedWithoutAnySecret() {
		backend.stubFor(post(urlEqualTo(RUNS)).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\": \"Invalid key " + SYNTH_KEY + " for container key " + CONTAINER_KEY + "\"}")));
		OptimizerRunRequest request = OptimizerRunRequest.gepaToml(TOML)
			.withContainerHeader("Authorization", "Bearer " + CONTAINER_KEY);
		assertThatExceptionOfType(HostedOptimizerException.class).isThrownBy(() -> client().submit(request).block(BLOCK))
			.satisfies((ex) -> {
				assertThat(ex).isInstanceOf(SynthBackendException.class);
				assertThat(ex.isAuthenticationFailure()).isTrue();
				assertThat(ex.isRetryable()).isFalse();
			})
			.withMessageContaining("Synth API key rejected")
			.withMessageContaining("check SYNTH_API_KEY")
			.withMessageNotContaining(SYNTH_KEY)
			.withMessageNotContaining(CONTAINER_KEY);
	}

	@Test
	void statusIsReadAndTerminalStatusesAreRecognised() {
		backend.stubFor(get(urlEqualTo(RUNS + "/run_1")).willReturn(okJson(
				"{\"run_id\": \"run_1\", \"status\": \"infrastructure_lost\", \"algorithm\": \"gepa\", \"error\": \"lost\"}")));
		OptimizerRunStatus status = client().status("run_1").block(BLOCK);
		assertThat(status.isTerminal()).isTrue();
		assertThat(status.succeeded()).isFalse();
		assertThat(status.error()).isEqualTo("lost");
		assertThat(OptimizerRunStatus.isTerminal("running")).isFalse();
		assertThat(OptimizerRunStatus.isTerminal("cancelling")).isFalse();
		assertThat(OptimizerRunStatus.isTerminal("CAP_REACHED")).isTrue();
	}

	@Test
	void awaitCompletionPollsUntilTheRunSucceeds() {
		backend.stubFor(get(urlEqualTo(RUNS + "/run_1")).inScenario("run")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"running\"}"))
			.willSetStateTo("flaky"));
		backend.stubFor(get(urlEqualTo(RUNS + "/run_1")).inScenario("run")
			.whenScenarioStateIs("flaky")
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("done"));
		backend.stubFor(get(urlEqualTo(RUNS + "/run_1")).inScenario("run")
			.whenScenarioStateIs("done")
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"succeeded\", \"result\": {\"best_score\": 0.9}}")));
		List<String> seen = new ArrayList<>();
		OptimizerRunStatus end = client()
			.awaitCompletion("run_1", Duration.ofMillis(10), BLOCK, (status) -> seen.add(status.status()))
			.block(BLOCK);
		assertThat(end.succeeded()).isTrue();
		assertThat(end.result()).containsEntry("best_score", 0.9);
		assertThat(seen).containsExactly("running", "succeeded");
	}

	@Test
	void cancelPostsToTheCancelRouteAndReadsTheRecord() {
		backend.stubFor(post(urlEqualTo(RUNS + "/run_1/cancel"))
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"cancelled\"}")));
		OptimizerRunStatus status = client().cancel("run_1").block(BLOCK);
		assertThat(status.cancelled()).isTrue();
		assertThat(backend.findAll(postRequestedFor(urlEqualTo(RUNS + "/run_1/cancel")))).singleElement()
			.satisfies((request) -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + SYNTH_KEY));
	}

	@Test
	void eventsAreReadFromServerSentEvents() {
		stubEvents("0", sse(": keep-alive\n\n" + "event: optimizer.run.started\n"
				+ "data: {\"type\": \"optimizer.run.started\", \"sequence_number\": 1, \"run_id\": \"run_1\"}\n\n"
				+ "data: {\"event_type\": \"optimizer.candidate.added\",\n"
				+ "data:  \"_seq\": 2, \"optimizer_run_id\": \"run_1\", \"ts\": \"2026-12-04T10:00:00Z\"}\n\n"
				+ "data: {\"type\": \"optimizer.run.completed\", \"seq\": 3}\n\n"));
		List<OptimizerEvent> events = client().events("run_1", 0).collectList().block(BLOCK);
		assertThat(events).extracting(OptimizerEvent::type)
			.containsExactly("optimizer.run.started", "optimizer.candidate.added", "optimizer.run.completed");
		assertThat(events).extracting(OptimizerEvent::seq).containsExactly(1L, 2L, 3L);
		assertThat(events.get(1).runId()).isEqualTo("run_1");
		assertThat(events.get(1).createdAt()).isEqualTo("2026-12-04T10:00:00Z");
		assertThat(events.get(2).isRunEnd()).isTrue();
		assertThat(backend.findAll(getRequestedFor(urlPathEqualTo(EVENTS))).get(0).getHeader("Accept"))
			.isEqualTo("text/event-stream");
	}

	@Test
	void droppedStreamIsResumedAfterTheLastSequenceNumberWithoutDuplicates() {
		stubEvents("0", sse(event("optimizer.run.started", 1) + event("optimizer.candidate.added", 2)));
		runStatus("running");
		stubEvents("2", sse(event("optimizer.candidate.added", 2) + event("optimizer.candidate.accepted", 3)
				+ event("optimizer.run.completed", 4)));
		List<OptimizerEvent> events = client().events("run_1", 0).collectList().block(BLOCK);
		assertThat(events).extracting(OptimizerEvent::seq).containsExactly(1L, 2L, 3L, 4L);
		assertThat(backend.findAll(getRequestedFor(urlPathEqualTo(EVENTS))))
			.extracting((request) -> request.queryParameter("after_seq").firstValue())
			.containsExactly("0", "2");
	}

	@Test
	void resetConnectionIsResumedFromWhereTheCallerStarted() {
		backend.stubFor(get(urlPathEqualTo(EVENTS)).withQueryParam("after_seq", equalTo("5"))
			.inScenario("reset")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("back"));
		backend.stubFor(get(urlPathEqualTo(EVENTS)).withQueryParam("after_seq", equalTo("5"))
			.inScenario("reset")
			.whenScenarioStateIs("back")
			.willReturn(sse(event("optimizer.log", 6) + event("optimizer.run.failed", 7))));
		runStatus("running");
		List<OptimizerEvent> events = client().events("run_1", 5).collectList().block(BLOCK);
		assertThat(events).extracting(OptimizerEvent::type).containsExactly("optimizer.log", "optimizer.run.failed");
	}

	@Test
	void streamThatEndsAfterTheRunEndedIsCompletedFromTheNdjsonBackfill() {
		stubEvents("0", sse(event("optimizer.run.started", 1)));
		runStatus("succeeded");
		backend.stubFor(get(urlPathEqualTo(EVENTS)).withQueryParam("after_seq", equalTo("1"))
			.withQueryParam("stream", equalTo("0"))
			.willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson")
				.withBody("{\"type\": \"optimizer.candidate.accepted\", \"seq\": 2}\n\n"
						+ "{\"type\": \"optimizer.run.completed\", \"seq\": 3}\n")));
		List<OptimizerEvent> events = client().events("run_1", 0).collectList().block(BLOCK);
		assertThat(events).extracting(OptimizerEvent::seq).containsExactly(1L, 2L, 3L);
	}

	@Test
	void streamThatKeepsEndingWithoutNewEventsFails() {
		stubEvents("0", sse(""));
		runStatus("running");
		assertThatExceptionOfType(HostedOptimizerException.class)
			.isThrownBy(() -> client().events("run_1", 0).collectList().block(BLOCK))
			.withMessageContaining("ended 3 times in a row without a new event");
	}

	@Test
	void refusedStreamFailsAtOnce() {
		backend.stubFor(get(urlPathEqualTo(EVENTS)).willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\": \"run not found\"}")));
		assertThatExceptionOfType(HostedOptimizerException.class)
			.isThrownBy(() -> client().events("run_1", 0).collectList().block(BLOCK))
			.withMessageContaining("404: run not found");
		assertThat(backend.findAll(getRequestedFor(urlPathEqualTo(EVENTS)))).hasSize(1);
	}

	@Test
	void backfillReadsNdjsonAfterTheGivenSequenceNumber() {
		backend.stubFor(get(urlPathEqualTo(EVENTS)).withQueryParam("after_seq", equalTo("10"))
			.withQueryParam("limit", equalTo("50"))
			.withQueryParam("stream", equalTo("0"))
			.willReturn(aResponse().withBody("{\"type\": \"optimizer.heartbeat\", \"sequence_number\": 11}\n")));
		List<OptimizerEvent> events = client().backfill("run_1", 10, 50).block(BLOCK);
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo("optimizer.heartbeat");
			assertThat(event.seq()).isEqualTo(11L);
		});
	}

	@Test
	void invalidArgumentsAreRefusedBeforeAnythingIsSent() {
		HostedOptimizerClient client = client();
		assertThatIllegalArgumentException().isThrownBy(() -> client.status("../etc"));
		assertThatIllegalArgumentException().isThrownBy(() -> client.backfill("run_1", 0, 5001));
		assertThatIllegalArgumentException().isThrownBy(() -> client.events("run_1", -1));
		assertThatIllegalArgumentException().isThrownBy(() -> OptimizerRunRequest.gepaToml("not = [toml"));
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> HostedOptimizerClient.builder(backend.baseUrl()).build())
			.withMessageContaining("SYNTH_API_KEY");
		assertThat(client.toString()).doesNotContain(SYNTH_KEY);
		assertThat(client.getBaseUrl()).isEqualTo(backend.baseUrl());
	}

	private static String event(String type, long seq) {
		return "data: {\"type\": \"" + type + "\", \"sequence_number\": " + seq + "}\n\n";
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String body) {
		return aResponse().withHeader("Content-Type", "text/event-stream").withBody(body);
	}

	private void stubEvents(String afterSeq,
			com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		backend.stubFor(get(urlPathEqualTo(EVENTS)).withQueryParam("after_seq", equalTo(afterSeq))
			.withQueryParam("limit", equalTo("500"))
			.willReturn(response));
	}

	private void runStatus(String status) {
		backend.stubFor(get(urlEqualTo(RUNS + "/run_1"))
			.willReturn(okJson("{\"run_id\": \"run_1\", \"status\": \"" + status + "\"}")));
	}

}
