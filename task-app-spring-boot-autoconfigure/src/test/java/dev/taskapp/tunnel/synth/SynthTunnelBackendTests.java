package dev.taskapp.tunnel.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelListener;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelRequest;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link SynthTunnelBackend} against a WireMock lease API and a real relay and local server.
 */
class SynthTunnelBackendTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String LEASES = "/api/v1/synthtunnel/leases";

	private static final String SYNTH_KEY = "sk_synth_test_0123456789";

	private static final String AGENT_TOKEN = "agent_tok_first_0123456789";

	private static final String SECOND_AGENT_TOKEN = "agent_tok_second_0123456789";

	private static final String WORKER_TOKEN = "worker_tok_first_0123456789";

	private static final List<String> KEYS = List.of("env_key_backend_0001");

	@TempDir
	Path home;

	private final List<Throwable> lost = new CopyOnWriteArrayList<>();

	private final List<List<String>> routeChanges = new CopyOnWriteArrayList<>();

	private WireMockServer backend;

	private TestRelay relay;

	private LocalApp app;

	private TunnelHandle handle;

	@BeforeEach
	void startServers() throws IOException {
		this.backend = new WireMockServer(options().dynamicPort());
		this.backend.start();
		this.backend.stubFor(delete(urlMatching(LEASES + "/.*")).willReturn(aResponse().withStatus(204)));
		this.relay = new TestRelay(AGENT_TOKEN, SECOND_AGENT_TOKEN);
		this.app = new LocalApp();
		Files.createDirectories(clientIdFile().getParent());
		Files.writeString(clientIdFile(), "client-abc12345\n");
	}

	@AfterEach
	void stopServers() {
		if (this.handle != null) {
			this.handle.close();
		}
		this.app.close();
		this.relay.close();
		this.backend.stop();
	}

	@Test
	void openLeasesARouteAndReturnsOnceTheRelayAcceptedTheAgent() throws Exception {
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(created(leaseJson("lease-1", "rt_1", AGENT_TOKEN,
				WORKER_TOKEN, Instant.now().plusSeconds(3600)))));
		this.handle = backend(settings()).open(request());
		assertThat(this.handle.publicUrl()).isEqualTo("https://st.example/s/rt_1");
		assertThat(this.handle.workerToken()).isEqualTo(WORKER_TOKEN);
		assertThat(this.relay.hasAttachedAgent()).isTrue();
		assertThat(this.relay.attaches().get(0).path("agent_id").asString()).isEqualTo("client-abc12345");
		assertThat(this.relay.attaches().get(0).path("capabilities").path("max_inflight").asInt()).isEqualTo(32);
		this.backend.verify(postRequestedFor(urlEqualTo(LEASES))
			.withHeader("Authorization", equalTo("Bearer " + SYNTH_KEY))
			.withRequestBody(equalToJson("{\"client_instance_id\": \"client-abc12345\", \"local_target\": "
					+ "{\"host\": \"127.0.0.1\", \"port\": " + this.app.port() + "}, \"requested_ttl_seconds\": 3600, "
					+ "\"metadata\": {}, \"capabilities\": {}}")));
		TestRelay.RelayResponse response = this.relay.get("/health").block(WAIT);
		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void closeStopsTheAgentAndDeletesTheLeaseOnce() throws Exception {
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(created(leaseJson("lease-1", "rt_1", AGENT_TOKEN,
				WORKER_TOKEN, Instant.now().plusSeconds(3600)))));
		TunnelHandle opened = backend(settings()).open(request());
		opened.close();
		opened.close();
		this.backend.verify(1, deleteRequestedFor(urlEqualTo(LEASES + "/lease-1"))
			.withHeader("Authorization", equalTo("Bearer " + SYNTH_KEY)));
		await().atMost(WAIT).until(() -> !this.relay.hasAttachedAgent());
	}

	@Test
	void missingApiKeyIsReportedAsSynthApiKeyMissing() {
		SynthTunnelSettings settings = settings().toBuilder().apiKey(" ").build();
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend(settings).open(request()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.SYNTH_API_KEY_MISSING))
			.withMessageContaining("SYNTH_API_KEY");
		this.backend.verify(0, postRequestedFor(urlEqualTo(LEASES)));
	}

	@Test
	void rejectedApiKeyIsALeaseFailureThatNamesTheFixWithoutTheKey() {
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\": \"invalid key " + SYNTH_KEY + "\"}")));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend(settings()).open(request()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.LEASE_FAILED))
			.withMessageContaining("HTTP 401")
			.withMessageContaining("SYNTH_API_KEY")
			.withMessageNotContaining(SYNTH_KEY);
	}

	@Test
	void refusedLeaseIsALeaseFailureWithTheBackendsDetail() {
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(aResponse().withStatus(422)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\": \"local_target.port out of range\"}")));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend(settings()).open(request()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.LEASE_FAILED))
			.withMessageContaining("HTTP 422")
			.withMessageContaining("local_target.port out of range");
	}

	@Test
	void failingBackendIsALeaseFailureThatSuggestsTryingLater() {
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(aResponse().withStatus(503).withBody("down")));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend(settings()).open(request()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.LEASE_FAILED))
			.withMessageContaining("HTTP 503")
			.withMessageContaining("try again later");
	}

	@Test
	void backendThatDoesNotAnswerInTimeIsALeaseFailure() {
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(created(leaseJson("lease-1", "rt_1", AGENT_TOKEN,
				WORKER_TOKEN, Instant.now().plusSeconds(3600)))
			.withFixedDelay(1_500)));
		SynthTunnelSettings settings = settings().toBuilder().leaseTimeout(Duration.ofMillis(300)).build();
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend(settings).open(request()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.LEASE_FAILED))
			.withMessageContaining("did not answer within 300ms");
	}

	@Test
	void unreachableBackendIsALeaseFailure() {
		SynthTunnelSettings settings = settings().toBuilder().backendUrl("http://127.0.0.1:1").build();
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend(settings).open(request()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.LEASE_FAILED))
			.withMessageContaining("Could not reach the Synth backend");
	}

	@Test
	void leaseWithoutAgentConnectionDetailsIsALeaseFailure() {
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(created(
				"{\"lease_id\": \"lease-1\", \"public_url\": \"https://st.example/s/rt_1\", \"worker_token\": \"w\"}")));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend(settings()).open(request()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.LEASE_FAILED))
			.withMessage("SynthTunnel lease response missing agent connection details");
	}

	@Test
	void leaseWithoutPublicUrlIsReportedAsNoUrl() {
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(created("{\"lease_id\": \"lease-1\", "
				+ "\"agent_connect\": {\"url\": \"" + this.relay.agentUrl() + "\", \"agent_token\": \"t\"}}")));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend(settings()).open(request()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.NO_URL));
	}

	@Test
	void relayRefusingTheLeaseFailsOpeningAndDeletesTheLease() {
		this.relay.rejectLeases(true);
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(created(leaseJson("lease-1", "rt_1", AGENT_TOKEN,
				WORKER_TOKEN, Instant.now().plusSeconds(3600)))));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend(settings()).open(request()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.LEASE_FAILED))
			.withMessageContaining("rejected lease lease-1");
		this.backend.verify(1, deleteRequestedFor(urlEqualTo(LEASES + "/lease-1")));
	}

	@Test
	void relayThatNeverAcceptsTheAgentFailsOpeningBeforeTheDeadline() {
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(created(leaseJson("lease-1", "rt_1",
				"agent_tok_unknown_0123456789", WORKER_TOKEN, Instant.now().plusSeconds(3600)))));
		TunnelRequest request = new TunnelRequest("127.0.0.1", this.app.port(), KEYS, Instant.now().plusSeconds(2),
				TunnelListener.NONE);
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend(settings()).open(request))
			.withMessageContaining("401")
			.withMessageNotContaining("agent_tok_unknown");
		this.backend.verify(1, deleteRequestedFor(urlEqualTo(LEASES + "/lease-1")));
	}

	@Test
	void leaseIsReplacedBeforeItExpiresAndTheNewRouteIsReported() throws Exception {
		Instant firstExpiry = Instant.now().plusSeconds(2);
		this.backend.stubFor(post(urlEqualTo(LEASES)).inScenario("renewal")
			.whenScenarioStateIs(STARTED)
			.willReturn(created(leaseJson("lease-1", "rt_1", AGENT_TOKEN, WORKER_TOKEN, firstExpiry)))
			.willSetStateTo("renewed"));
		this.backend.stubFor(post(urlEqualTo(LEASES)).inScenario("renewal")
			.whenScenarioStateIs("renewed")
			.willReturn(created(leaseJson("lease-2", "rt_2", SECOND_AGENT_TOKEN, "worker_tok_second_0123",
					Instant.now().plusSeconds(3600)))));
		this.handle = backend(settings()).open(request());
		await().atMost(WAIT).until(() -> !this.routeChanges.isEmpty());
		assertThat(this.routeChanges).containsExactly(List.of("https://st.example/s/rt_2", "worker_tok_second_0123"));
		assertThat(this.handle.publicUrl()).isEqualTo("https://st.example/s/rt_2");
		assertThat(this.handle.workerToken()).isEqualTo("worker_tok_second_0123");
		await().atMost(WAIT)
			.untilAsserted(() -> this.backend.verify(1, deleteRequestedFor(urlEqualTo(LEASES + "/lease-1"))));
		assertThat(deletedAt("lease-1")).isAfterOrEqualTo(firstExpiry.minusMillis(100));
		assertThat(this.relay.attaches()).last()
			.satisfies((attach) -> assertThat(attach.path("leases").path(0).path("lease_id").asString())
				.isEqualTo("lease-2"));
		await().atMost(WAIT).until(this.relay::hasAttachedAgent);
		assertThat(this.relay.get("/health").block(WAIT).status()).isEqualTo(200);
		assertThat(this.lost).isEmpty();
	}

	@Test
	void requestListenerIsToldOfTheNewRoute() throws Exception {
		this.backend.stubFor(post(urlEqualTo(LEASES)).inScenario("renewal")
			.whenScenarioStateIs(STARTED)
			.willReturn(created(leaseJson("lease-1", "rt_1", AGENT_TOKEN, WORKER_TOKEN, Instant.now().plusSeconds(1))))
			.willSetStateTo("renewed"));
		this.backend.stubFor(post(urlEqualTo(LEASES)).inScenario("renewal")
			.whenScenarioStateIs("renewed")
			.willReturn(created(leaseJson("lease-2", "rt_2", SECOND_AGENT_TOKEN, "worker_tok_second_0123",
					Instant.now().plusSeconds(3600)))));
		List<String> told = new CopyOnWriteArrayList<>();
		class BothListener implements TunnelListener {

			@Override
			public void tunnelLost(Throwable cause) {
				SynthTunnelBackendTests.this.lost.add(cause);
			}

			@Override
			public void routeChanged(String publicUrl, String workerToken) {
				told.add(publicUrl);
			}

		}
		this.handle = new SynthTunnelBackend(settings())
			.open(new TunnelRequest("127.0.0.1", this.app.port(), KEYS, Instant.now().plus(WAIT), new BothListener()));
		await().atMost(WAIT).until(() -> !told.isEmpty());
		assertThat(told).containsExactly("https://st.example/s/rt_2");
	}

	@Test
	void leaseTheRelayRefusesIsReplacedAtOnce() throws Exception {
		this.backend.stubFor(post(urlEqualTo(LEASES)).inScenario("refusal")
			.whenScenarioStateIs(STARTED)
			.willReturn(created(leaseJson("lease-1", "rt_1", AGENT_TOKEN, WORKER_TOKEN, Instant.now().plusSeconds(3600))))
			.willSetStateTo("second"));
		this.backend.stubFor(post(urlEqualTo(LEASES)).inScenario("refusal")
			.whenScenarioStateIs("second")
			.willReturn(created(leaseJson("lease-2", "rt_2", SECOND_AGENT_TOKEN, "worker_tok_second_0123",
					Instant.now().plusSeconds(3600)))));
		this.handle = backend(settings()).open(request());
		this.relay.rejectLease("lease-1");
		this.relay.dropConnection();
		await().atMost(WAIT).until(() -> !this.routeChanges.isEmpty());
		assertThat(this.handle.publicUrl()).isEqualTo("https://st.example/s/rt_2");
		await().atMost(WAIT)
			.untilAsserted(() -> this.backend.verify(1, deleteRequestedFor(urlEqualTo(LEASES + "/lease-1"))));
		await().atMost(WAIT).until(this.relay::hasAttachedAgent);
		assertThat(this.relay.get("/health").block(WAIT).status()).isEqualTo(200);
	}

	@Test
	void leaseThatCannotBeReplacedIsReportedLost() throws Exception {
		this.backend.stubFor(post(urlEqualTo(LEASES)).inScenario("renewal")
			.whenScenarioStateIs(STARTED)
			.willReturn(created(leaseJson("lease-1", "rt_1", AGENT_TOKEN, WORKER_TOKEN, Instant.now().plusSeconds(1))))
			.willSetStateTo("refused"));
		this.backend.stubFor(post(urlEqualTo(LEASES)).inScenario("renewal")
			.whenScenarioStateIs("refused")
			.willReturn(aResponse().withStatus(401)));
		this.handle = backend(settings()).open(request());
		await().atMost(WAIT).until(() -> !this.lost.isEmpty());
		assertThat(this.lost).hasSize(1);
		assertThat(this.lost.get(0)).hasMessageContaining("lease-1").hasMessageContaining("could not be replaced");
		assertThat(this.routeChanges).isEmpty();
	}

	@Test
	void descriptionAndStringsNeverShowASecret() throws Exception {
		this.backend.stubFor(post(urlEqualTo(LEASES)).willReturn(created(leaseJson("lease-1", "rt_1", AGENT_TOKEN,
				WORKER_TOKEN, Instant.now().plusSeconds(3600)))));
		SynthTunnelHandle opened = (SynthTunnelHandle) backend(settings()).open(request());
		this.handle = opened;
		assertThat(List.of(opened.describe(), opened.lease().toString(), settings().toString()))
			.allSatisfy((text) -> assertThat(text).doesNotContain(SYNTH_KEY, AGENT_TOKEN, WORKER_TOKEN, KEYS.get(0)));
		assertThat(opened.describe()).contains("lease-1");
	}

	@Test
	void backendServesTheSynthTunnelMode() {
		assertThat(new SynthTunnelBackend(settings()).mode()).isEqualTo(TunnelMode.SYNTHTUNNEL);
	}

	private Instant deletedAt(String leaseId) {
		return this.backend.getAllServeEvents()
			.stream()
			.filter((event) -> event.getRequest().getMethod().getName().equals("DELETE")
					&& event.getRequest().getUrl().endsWith("/" + leaseId))
			.map((event) -> event.getRequest().getLoggedDate().toInstant())
			.findFirst()
			.orElseThrow();
	}

	private SynthTunnelBackend backend(SynthTunnelSettings settings) {
		return new SynthTunnelBackend(settings);
	}

	private TunnelRequest request() {
		TunnelListener listener = new TunnelListener() {

			@Override
			public void tunnelLost(Throwable cause) {
				SynthTunnelBackendTests.this.lost.add(cause);
			}

			@Override
			public void routeChanged(String publicUrl, String workerToken) {
				SynthTunnelBackendTests.this.routeChanges.add(List.of(publicUrl, String.valueOf(workerToken)));
			}

		};
		return new TunnelRequest("127.0.0.1", this.app.port(), KEYS, Instant.now().plus(WAIT), listener);
	}

	private SynthTunnelSettings settings() {
		return SynthTunnelSettings.builder()
			.apiKey(SYNTH_KEY)
			.backendUrl(this.backend.baseUrl() + "/")
			.clientInstanceIdFile(clientIdFile())
			.reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
			.attachTimeout(Duration.ofSeconds(2))
			.leaseTimeout(Duration.ofSeconds(2))
			.closeTimeout(Duration.ofSeconds(2))
			.build();
	}

	private Path clientIdFile() {
		return this.home.resolve(".synth").resolve("client_instance_id");
	}

	private String leaseJson(String leaseId, String route, String agentToken, String workerToken, Instant expiresAt) {
		return """
				{"lease_id": "%s", "route_token": "%s", "public_base_url": "https://st.example",
				 "public_url": "https://st.example/s/%s/",
				 "agent_connect": {"transport": "ws", "url": "%s", "agent_token": "%s"},
				 "worker_token": "%s", "expires_at": "%s",
				 "limits": {"max_inflight": 32, "max_response_bytes": 10000000},
				 "heartbeat": {"required": false, "recommended_interval_seconds": 25}}"""
			.formatted(leaseId, route, route, this.relay.agentUrl(), agentToken, workerToken, expiresAt);
	}

	private static ResponseDefinitionBuilder created(String json) {
		return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(json);
	}

}
