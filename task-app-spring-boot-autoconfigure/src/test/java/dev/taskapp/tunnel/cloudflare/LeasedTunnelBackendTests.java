package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelListener;
import dev.taskapp.tunnel.TunnelRequest;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import dev.taskapp.tunnel.cloudflare.LeasedTunnelBackend.LeasedTunnel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link LeasedTunnelBackend}: a WireMock Synth backend serving the lease API, a WireMock task
 * app behind the gateway, and the stand-in {@link FakeCloudflared}.
 */
class LeasedTunnelBackendTests {

	private static final String API_KEY = "sk_synth_lease_0123456789abcdef";

	private static final String TOKEN = "eyJhIjoibGVhc2UtYWNjb3VudCIsInQiOiJsZWFzZSIsInMiOiJzZWNyZXQifQ";

	private static final String LEASE = "/v1/tunnels/lease";

	@TempDir
	Path temp;

	private final WireMockServer backend = new WireMockServer(options().dynamicPort());

	private final WireMockServer taskApp = new WireMockServer(options().dynamicPort());

	private final List<FakeCloudflaredBinary> binaries = new ArrayList<>();

	private final List<TunnelHandle> handles = new ArrayList<>();

	private int gatewayPort;

	@BeforeEach
	void start() throws IOException {
		this.backend.start();
		this.taskApp.start();
		this.gatewayPort = freePort();
		this.backend.stubFor(post(urlEqualTo(LEASE)).willReturn(okJson("{\"lease_id\":\"lease-1\",\"public_url\":"
				+ "\"https://gw.usesynth.test/t/lease-1/\",\"tunnel_token\":\"" + TOKEN + "\",\"gateway_port\":"
				+ this.gatewayPort + ",\"expires_at\":\"2026-12-04T16:00:00Z\"}")));
		this.backend.stubFor(post(urlEqualTo(LEASE + "/lease-1/heartbeat")).willReturn(okJson("{}")));
		this.backend.stubFor(post(urlEqualTo(LEASE + "/lease-1/release")).willReturn(okJson("{}")));
		this.taskApp.stubFor(get(urlEqualTo("/health?probe=1")).willReturn(okJson("{\"healthy\":true}")));
	}

	@AfterEach
	void stop() {
		this.handles.forEach(TunnelHandle::close);
		this.backend.stop();
		this.taskApp.stop();
		this.binaries.forEach(FakeCloudflaredBinary::assertNoProcessLeft);
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aLeasedTunnelRunsCloudflaredWithTheTokenAndServesTheTaskAppUnderTheRoutePrefix() throws Exception {
		LeasedTunnel tunnel = open(backend(false));
		assertThat(tunnel.publicUrl()).isEqualTo("https://gw.usesynth.test/t/lease-1");
		this.backend.verify(postRequestedFor(urlEqualTo(LEASE)).withHeader("Authorization", equalTo("Bearer " + API_KEY))
			.withRequestBody(matchingJsonPath("$.client_instance_id", matchingRegex("task-app-[0-9a-f]{24}-cloudflared")))
			.withRequestBody(matchingJsonPath("$.local_port", equalTo(Integer.toString(this.taskApp.port()))))
			.withRequestBody(matchingJsonPath("$.provider_preference", equalTo("cloudflared")))
			.withRequestBody(matchingJsonPath("$.reuse_connector", equalTo("true"))));
		String environment = new String(Files.readAllBytes(Path.of("/proc", Long.toString(tunnel.pid()), "environ")),
				StandardCharsets.UTF_8);
		assertThat(environment.split("\0")).contains("TUNNEL_TOKEN=" + TOKEN);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> this.backend.verify(postRequestedFor(urlEqualTo(LEASE + "/lease-1/heartbeat"))
				.withRequestBody(matchingJsonPath("$.connected_to_edge", equalTo("true")))));
		HttpResponse<String> health = gateway("/t/lease-1/health?probe=1");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).isEqualTo("{\"healthy\":true}");
		this.taskApp.verify(getRequestedFor(urlEqualTo("/health?probe=1")));
		assertThat(gateway("/elsewhere/health").statusCode()).isEqualTo(404);
	}

	@Test
	void closingReleasesTheLeaseAndStopsTheGateway() throws Exception {
		LeasedTunnel tunnel = open(backend(false));
		tunnel.close();
		this.backend.verify(postRequestedFor(urlEqualTo(LEASE + "/lease-1/release")));
		try (ServerSocket again = new ServerSocket(this.gatewayPort, 1, InetAddress.getLoopbackAddress())) {
			assertThat(again.getLocalPort()).isEqualTo(this.gatewayPort);
		}
	}

	@Test
	void forceNewAsksForAFreshConnector() throws Exception {
		open(backend(true));
		this.backend.verify(postRequestedFor(urlEqualTo(LEASE))
			.withRequestBody(matchingJsonPath("$.reuse_connector", equalTo("false"))));
	}

	@Test
	void aRefusedKeyFailsBeforeCloudflaredStarts() {
		this.backend.stubFor(post(urlEqualTo(LEASE)).willReturn(aResponse().withStatus(401)));
		FakeCloudflaredBinary binary = binary();
		LeasedTunnelBackend backend = backend(binary, false);
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend.open(request()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.SYNTH_API_KEY_REJECTED));
		assertThat(binary.startedPids()).isEmpty();
	}

	@Test
	void aBusyGatewayPortFailsAndReleasesTheLease() throws Exception {
		try (ServerSocket busy = new ServerSocket(this.gatewayPort, 1, InetAddress.getLoopbackAddress())) {
			FakeCloudflaredBinary binary = binary();
			LeasedTunnelBackend backend = backend(binary, false);
			assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend.open(request()))
				.satisfies((ex) -> {
					assertThat(ex.getReason()).isEqualTo(Reason.MANAGED_TUNNEL_UNAVAILABLE);
					assertThat(ex.getMessage()).contains("127.0.0.1:" + this.gatewayPort);
				});
			assertThat(binary.startedPids()).isEmpty();
			this.backend.verify(postRequestedFor(urlEqualTo(LEASE + "/lease-1/release")));
		}
	}

	private HttpResponse<String> gateway(String path) throws Exception {
		HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.gatewayPort + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static com.github.tomakehurst.wiremock.matching.StringValuePattern matchingRegex(String regex) {
		return com.github.tomakehurst.wiremock.client.WireMock.matching(regex);
	}

	private LeasedTunnel open(LeasedTunnelBackend backend) throws Exception {
		LeasedTunnel tunnel = (LeasedTunnel) backend.open(request());
		this.handles.add(tunnel);
		return tunnel;
	}

	private LeasedTunnelBackend backend(boolean forceNew) {
		return backend(binary(), forceNew);
	}

	private LeasedTunnelBackend backend(FakeCloudflaredBinary binary, boolean forceNew) {
		CloudflaredSettings settings = CloudflaredSettings.defaults()
			.withPath(binary.path().toString())
			.withPidfileDirectory(this.temp.resolve("pidfiles"))
			.withGracePeriod(Duration.ofSeconds(5))
			.withPollInterval(Duration.ofMillis(50));
		return new LeasedTunnelBackend(new ManagedTunnelSettings(API_KEY, this.backend.baseUrl(), forceNew, null),
				settings, new CloudflaredLocator(settings.path()));
	}

	private FakeCloudflaredBinary binary() {
		FakeCloudflaredBinary binary = FakeCloudflaredBinary.create(this.temp.resolve("bin-" + this.binaries.size()),
				"normal");
		this.binaries.add(binary);
		return binary;
	}

	private TunnelRequest request() {
		// The task app is the WireMock server; its port stands for the local server's.
		return new TunnelRequest("127.0.0.1", this.taskApp.port(), List.of("key"), Instant.now().plusSeconds(30),
				TunnelListener.NONE);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
