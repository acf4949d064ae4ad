package dev.taskapp.tunnel.synth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link RelayAgent} between a real relay ({@link TestRelay}) and a real local server
 * ({@link LocalApp}).
 */
class RelayAgentTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String AGENT_TOKEN = "agent-token-0123456789";

	private static final List<String> KEYS = List.of("env_key_primary_0001", "env_key_alias_0002");

	private final List<RelayAgent> agents = new ArrayList<>();

	private final List<LocalForwarder> forwarders = new ArrayList<>();

	private final List<String> refusals = new CopyOnWriteArrayList<>();

	private TestRelay relay;

	private LocalApp app;

	@BeforeEach
	void startServers() {
		this.relay = new TestRelay(AGENT_TOKEN);
		this.app = new LocalApp();
	}

	@AfterEach
	void stopEverything() {
		this.agents.forEach(RelayAgent::stop);
		this.forwarders.forEach((forwarder) -> forwarder.dispose(Duration.ofSeconds(2)));
		this.relay.close();
		this.app.close();
	}

	@Test
	void publicRequestTravelsFromRelayThroughAgentToAppAndBack() {
		startAttachedAgent();
		TestRelay.RelayResponse response = this.relay.get("/health").block(WAIT);
		assertThat(response.errorCode()).isNull();
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("{\"healthy\":true}");
		assertThat(response.header("content-type")).isEqualTo("application/json");
	}

	@Test
	void publicHttpRequestToTheRelayReachesTheAppAndComesBack() {
		startAttachedAgent();
		String body = reactor.netty.http.client.HttpClient.create()
			.post()
			.uri(this.relay.publicUrl() + "/upload?x=1")
			.send(reactor.netty.ByteBufFlux.fromString(reactor.core.publisher.Mono.just("hello relay")))
			.responseSingle((response, content) -> content.asString())
			.block(WAIT);
		assertThat(body).isEqualTo("11");
	}

	@Test
	void attachAnnouncesAgentLeaseLocalTargetAndCapabilities() {
		startAttachedAgent(agent(8, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, this.app.port(), settle(5)));
		JsonNode attach = this.relay.attaches().get(0);
		assertThat(attach.path("agent_id").asString()).isEqualTo("client-test-0001");
		assertThat(attach.path("leases").path(0).path("lease_id").asString()).isEqualTo("lease-1");
		assertThat(attach.path("leases").path(0).path("local_target").path("host").asString()).isEqualTo("127.0.0.1");
		assertThat(attach.path("leases").path(0).path("local_target").path("port").asInt()).isEqualTo(this.app.port());
		JsonNode capabilities = attach.path("capabilities");
		assertThat(capabilities.path("streaming").asBoolean()).isTrue();
		assertThat(capabilities.path("max_inflight").asInt()).isEqualTo(8);
		assertThat(capabilities.path("max_body_chunk_bytes").asInt()).isEqualTo(65536);
		assertThat(capabilities.path("supports_cancel").asBoolean()).isTrue();
	}

	@Test
	void forwardedRequestCarriesTaskAppKeysAndTunnelHeadersWithoutHopByHopHeaders() {
		startAttachedAgent();
		TestRelay.RelayCall call = this.relay.open("GET", "/headers", "a=1&b=two", List.of(List.of("Host", "st.usesynth.ai"),
				List.of("Connection", "keep-alive, X-Drop-Me"), List.of("X-Drop-Me", "1"), List.of("Keep-Alive", "5"),
				List.of("Upgrade", "h2c"), List.of("Proxy-Authorization", "Basic abc"), List.of("TE", "trailers"),
				List.of("X-Custom", "a"), List.of("X-Custom", "b")), 10_000L);
		call.end();
		JsonNode body = TaskAppJson.mapper().readTree(call.response().block(WAIT).body());
		Map<String, List<String>> headers = headers(body);
		assertThat(body.path("query").asString()).isEqualTo("a=1&b=two");
		assertThat(headers.get("x-api-key")).containsExactly(KEYS.get(0));
		assertThat(headers.get("x-api-keys")).containsExactly(String.join(",", KEYS));
		assertThat(headers.get("authorization")).containsExactly("Bearer " + KEYS.get(0));
		assertThat(headers.get("x-synthtunnel-lease-id")).containsExactly("lease-1");
		assertThat(headers.get("x-synthtunnel-request-id")).containsExactly(call.rid());
		assertThat(headers.get("x-forwarded-proto")).containsExactly("https");
		assertThat(headers.get("host")).containsExactly("st.usesynth.ai");
		assertThat(headers.get("x-custom")).containsExactly("a", "b");
		assertThat(headers).doesNotContainKeys("x-drop-me", "keep-alive", "upgrade", "proxy-authorization", "te");
		assertThat(headers.getOrDefault("connection", List.of())).noneMatch((value) -> value.contains("X-Drop-Me"));
	}

	@Test
	void headersTheRequestAlreadyHasAreNotReplaced() {
		startAttachedAgent();
		TestRelay.RelayCall call = this.relay.open("GET", "/headers", "",
				List.of(List.of("X-API-Key", "caller-key"), List.of("Authorization", "Bearer caller"),
						List.of("X-Forwarded-Proto", "http"), List.of("x-synthtunnel-request-id", "mine")),
				10_000L);
		call.end();
		Map<String, List<String>> headers = headers(TaskAppJson.mapper().readTree(call.response().block(WAIT).body()));
		assertThat(headers.get("x-api-key")).containsExactly("caller-key");
		assertThat(headers.get("authorization")).containsExactly("Bearer caller");
		assertThat(headers.get("x-forwarded-proto")).containsExactly("http");
		assertThat(headers.get("x-synthtunnel-request-id")).containsExactly("mine");
	}

	@Test
	void twoHundredConcurrentRequestsAllCompleteWithinMaxInflight() {
		startAttachedAgent(agent(8, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, this.app.port(), settle(5)));
		List<TestRelay.RelayResponse> responses = Flux.range(0, 200)
			.flatMap((i) -> this.relay.get("/concurrent"), 200)
			.collectList()
			.block(WAIT);
		assertThat(responses).hasSize(200).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.bodyText()).isEqualTo("ok");
		});
		assertThat(this.app.maxInflight()).isBetween(2, 8);
	}

	@Test
	void fiveMegabyteRequestAndResponseStreamThroughInChunksOfAtMost64KiB() {
		startAttachedAgent();
		byte[] body = LocalApp.patternBytes(5 * 1024 * 1024);
		TestRelay.RelayResponse response = this.relay
			.forward("POST", "/echo", List.of(List.of("Content-Type", "application/octet-stream")), body)
			.block(WAIT);
		assertThat(response.errorCode()).isNull();
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(body);
		assertThat(response.bodyFrames()).isGreaterThanOrEqualTo(80);
		assertThat(response.largestChunkB64()).isLessThanOrEqualTo(Base64.getEncoder().encodeToString(new byte[65536]).length());
	}

	@Test
	void fiveMegabyteResponseStreamsThrough() {
		startAttachedAgent();
		TestRelay.RelayResponse response = this.relay.get("/bytes?size=" + (5 * 1024 * 1024)).block(WAIT);
		assertThat(response.body()).isEqualTo(LocalApp.patternBytes(5 * 1024 * 1024));
	}

	@Test
	void responseBodyIsForwardedBeforeTheLocalResponseEnds() {
		startAttachedAgent();
		TestRelay.RelayCall call = this.relay.open("GET", "/stream", "", List.of(), 10_000L);
		call.end();
		call.firstBodyFrame().block(WAIT);
		this.app.openStreamGate();
		assertThat(call.response().block(WAIT).bodyText()).isEqualTo("first-rest");
	}

	@Test
	void requestBodyReachesTheAppBeforeTheRelaySendsItsEnd() {
		startAttachedAgent();
		TestRelay.RelayCall call = this.relay.open("POST", "/upload", "", List.of(), 10_000L);
		call.sendBody(LocalApp.patternBytes(100_000));
		await().atMost(WAIT).until(() -> this.app.uploadBytesSeen() > 0);
		call.sendBody(LocalApp.patternBytes(50_000));
		call.end();
		assertThat(call.response().block(WAIT).bodyText()).isEqualTo("150000");
	}

	@Test
	void cancelStopsASlowRequestAndFreesItsSlot() {
		startAttachedAgent(agent(1, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, this.app.port(), settle(5)));
		TestRelay.RelayCall call = this.relay.open("GET", "/slow", "", List.of(), 30_000L);
		call.end();
		await().atMost(WAIT).until(() -> this.app.slowStarted() == 1);
		call.cancel();
		await().atMost(WAIT).until(() -> this.app.slowCancelled() == 1);
		assertThat(this.relay.get("/health").block(WAIT).status()).isEqualTo(200);
	}

	@Test
	void requestPastItsDeadlineEndsWithLocalTimeout() {
		startAttachedAgent();
		TestRelay.RelayCall call = this.relay.open("GET", "/slow", "", List.of(), 300L);
		call.end();
		TestRelay.RelayResponse response = call.response().block(WAIT);
		assertThat(response.errorCode()).isEqualTo("LOCAL_TIMEOUT");
		await().atMost(WAIT).until(() -> this.app.slowCancelled() == 1);
	}

	@Test
	void responseOverMaxResponseBytesEndsWithLocalBadResponse() {
		startAttachedAgent(agent(16, 100_000, this.app.port(), settle(5)));
		TestRelay.RelayResponse response = this.relay.get("/bytes?size=1000000").block(WAIT);
		assertThat(response.errorCode()).isEqualTo("LOCAL_BAD_RESPONSE");
		assertThat(response.errorMessage()).isEqualTo("Response too large");
	}

	@Test
	void unreachableLocalServerEndsWithLocalConnectFailed() {
		int closedPort;
		try (LocalApp gone = new LocalApp()) {
			closedPort = gone.port();
		}
		startAttachedAgent(agent(16, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, closedPort, settle(5)));
		TestRelay.RelayResponse response = this.relay.get("/health").block(WAIT);
		assertThat(response.errorCode()).isEqualTo("LOCAL_CONNECT_FAILED");
		assertThat(response.errorMessage()).doesNotContain(KEYS.get(0));
	}

	@Test
	void droppedSocketIsReconnectedAndLaterRequestsSucceed() {
		startAttachedAgent();
		TestRelay.RelayCall inFlight = this.relay.open("GET", "/slow", "", List.of(), 30_000L);
		inFlight.end();
		await().atMost(WAIT).until(() -> this.app.slowStarted() == 1);
		this.relay.dropConnection();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> inFlight.response().block(WAIT));
		await().atMost(WAIT).until(() -> this.relay.connections() == 2 && this.relay.hasAttachedAgent());
		assertThat(this.relay.get("/health").block(WAIT).status()).isEqualTo(200);
		await().atMost(WAIT).until(() -> this.app.slowCancelled() == 1);
	}

	@Test
	void garbageFramesAreSkippedWithoutKillingTheAgent() {
		startAttachedAgent();
		this.relay.sendRaw("not json at all");
		this.relay.sendRaw("[1, 2, 3]");
		this.relay.sendRaw("{}");
		this.relay.sendRaw("{\"type\": \"REQ_BODY\"}");
		this.relay.sendRaw("{\"type\": \"REQ_BODY\", \"rid\": \"nobody\", \"chunk_b64\": \"!!not base64!!\"}");
		this.relay.sendRaw("{\"type\": \"REQ_HEADERS\", \"rid\": \"bad\", \"headers\": \"nope\"}");
		this.relay.sendRaw("{\"type\": \"REQ_END\", \"rid\": \"never-started\"}");
		this.relay.sendRaw("{\"type\": \"CANCEL\", \"rid\": \"never-started\"}");
		this.relay.sendRaw("{\"type\": \"SOMETHING_NEW\", \"rid\": \"x\"}");
		this.relay.sendBinary(new byte[] { 1, 2, 3 });
		assertThat(this.relay.get("/health").block(WAIT).status()).isEqualTo(200);
		assertThat(this.relay.connections()).isEqualTo(1);
	}

	@Test
	void agentWithAWrongTokenIsRefusedAndNeverReady() {
		SynthTunnelLease lease = lease(16, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, "wrong-token-9876543210");
		RelayAgent agent = agent(lease, this.app.port(), settle(5));
		agent.start();
		assertThatExceptionOfType(RelayAgent.RelayRefusedException.class)
			.isThrownBy(() -> agent.ready().block(WAIT))
			.withMessageContaining("401")
			.withMessageNotContaining("wrong-token");
		assertThat(this.relay.refusedHandshakes()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void leaseRejectedInAttachAckFailsReadiness() {
		this.relay.rejectLeases(true);
		RelayAgent agent = agent(16, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, this.app.port(), settle(5));
		agent.start();
		assertThatExceptionOfType(RelayAgent.RelayRefusedException.class).isThrownBy(() -> agent.ready().block(WAIT))
			.withMessageContaining("lease-1");
	}

	@Test
	void relayWithoutAttachAckIsTakenAsAttachedAfterTheSettlePeriod() {
		this.relay.sendAttachAck(false);
		RelayAgent agent = agent(16, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, this.app.port(),
				Duration.ofMillis(300));
		agent.start();
		agent.ready().block(WAIT);
		assertThat(agent.hasAttached()).isTrue();
	}

	@Test
	void relayWithoutAttachAckIsTakenAsAttachedAfterTheFirstRoundTrip() {
		this.relay.sendAttachAck(false);
		RelayAgent agent = agent(16, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, this.app.port(), settle(30));
		agent.start();
		await().atMost(WAIT).until(this.relay::hasAttachedAgent);
		assertThat(agent.hasAttached()).isFalse();
		assertThat(this.relay.get("/health").block(WAIT).status()).isEqualTo(200);
		agent.ready().block(Duration.ofSeconds(2));
	}

	@Test
	void agentPingsTheRelayEveryHeartbeat() {
		startAttachedAgent(agent(lease(16, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, AGENT_TOKEN), this.app.port(),
				settle(5), Duration.ofMillis(500)));
		await().atMost(WAIT).until(() -> this.relay.pings() >= 3);
		assertThat(this.relay.connections()).isEqualTo(1);
	}

	@Test
	void connectionWhoseRelayStopsAnsweringPingsIsReplaced() {
		this.relay.answerPings(false);
		startAttachedAgent(agent(lease(16, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, AGENT_TOKEN), this.app.port(),
				settle(5), Duration.ofMillis(100)));
		await().atMost(WAIT).until(() -> this.relay.connections() >= 2);
		this.relay.answerPings(true);
		await().atMost(WAIT).until(this.relay::hasAttachedAgent);
		assertThat(this.relay.get("/health").block(WAIT).status()).isEqualTo(200);
	}

	@Test
	void stoppedAgentClosesItsConnectionAndDoesNotReconnect() {
		RelayAgent agent = startAttachedAgent();
		agent.stop();
		await().atMost(WAIT).until(() -> !this.relay.hasAttachedAgent());
		await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> this.relay.connections() == 1);
	}

	private RelayAgent startAttachedAgent() {
		return startAttachedAgent(agent(16, SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, this.app.port(), settle(5)));
	}

	private RelayAgent startAttachedAgent(RelayAgent agent) {
		agent.start();
		agent.ready().block(WAIT);
		await().atMost(WAIT).until(this.relay::hasAttachedAgent);
		return agent;
	}

	private static Duration settle(int seconds) {
		return Duration.ofSeconds(seconds);
	}

	private RelayAgent agent(int maxInflight, long maxResponseBytes, int localPort, Duration attachTimeout) {
		return agent(lease(maxInflight, maxResponseBytes, AGENT_TOKEN), localPort, attachTimeout);
	}

	private RelayAgent agent(SynthTunnelLease lease, int localPort, Duration attachTimeout) {
		return agent(lease, localPort, attachTimeout, Duration.ofSeconds(20));
	}

	private RelayAgent agent(SynthTunnelLease lease, int localPort, Duration attachTimeout, Duration heartbeat) {
		FrameEncoder encoder = new FrameEncoder();
		LocalForwarder forwarder = new LocalForwarder("127.0.0.1", localPort, KEYS, Duration.ofSeconds(2), encoder);
		this.forwarders.add(forwarder);
		AgentContext context = new AgentContext("client-test-0001", "127.0.0.1", localPort, forwarder, encoder,
				new SecretMask(KEYS), heartbeat, attachTimeout, Duration.ofSeconds(30));
		RelayAgent agent = new RelayAgent(lease, context, Duration.ofMillis(50), Duration.ofMillis(500),
				(refused, reason) -> this.refusals.add(reason));
		this.agents.add(agent);
		return agent;
	}

	private SynthTunnelLease lease(int maxInflight, long maxResponseBytes, String agentToken) {
		return new SynthTunnelLease("lease-1", "rt_1", "https://st.example", "https://st.example/s/rt_1",
				this.relay.agentUrl(), agentToken, "worker-token-0001", Instant.now().plusSeconds(3600), maxInflight,
				maxResponseBytes, null);
	}

	private static Map<String, List<String>> headers(JsonNode body) {
		Map<String, List<String>> headers = new java.util.HashMap<>();
		for (JsonNode pair : body.path("headers").values()) {
			headers.computeIfAbsent(pair.path(0).asString().toLowerCase(java.util.Locale.ROOT), (name) -> new ArrayList<>())
				.add(pair.path(1).asString());
		}
		return headers;
	}

}
