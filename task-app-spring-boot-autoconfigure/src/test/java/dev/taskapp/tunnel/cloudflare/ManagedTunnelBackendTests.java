package dev.taskapp.tunnel.cloudflare;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelListener;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelRequest;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ManagedTunnelBackend}: a WireMock Synth backend serving the tunnels API, and the
 * stand-in {@link FakeCloudflared} running the tunnel.
 */
class ManagedTunnelBackendTests {

	private static final String API_KEY = "sk_synth_managed_0123456789abcdef";

	private static final String TOKEN = "eyJhIjoibWFuYWdlZC1hY2NvdW50IiwidCI6Im1hbmFnZWQiLCJzIjoic2VjcmV0In0";

	private static final String TUNNELS = "/api/v1/tunnels/";

	private static final String ROTATE = "/api/v1/tunnels/rotate";

	private static final int LOCAL_PORT = 8114;

	@TempDir
	Path temp;

	private final WireMockServer backend = new WireMockServer(options().dynamicPort());

	private final List<FakeCloudflaredBinary> binaries = new ArrayList<>();

	private final List<TunnelHandle> handles = new ArrayList<>();

	@BeforeEach
	void startBackend() {
		this.backend.start();
	}

	@AfterEach
	void noCloudflaredIsLeftRunning() {
		this.handles.forEach(TunnelHandle::close);
		this.backend.stop();
		this.binaries.forEach(FakeCloudflaredBinary::assertNoProcessLeft);
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void theAccountsTunnelIsReusedAndRunWithItsTokenOnlyInTheChildsEnvironment() throws Exception {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(okJson(tunnelJson("tasks-ab12.usesynth.test", true))));
		FakeCloudflaredBinary binary = binary("normal");
		CloudflaredTunnel tunnel = open(backend(binary, false, null, (hostname) -> false));
		assertThat(tunnel.publicUrl()).isEqualTo("https://tasks-ab12.usesynth.test");
		this.backend.verify(getRequestedFor(urlEqualTo(TUNNELS)).withHeader("Authorization", equalTo("Bearer " + API_KEY))
			.withHeader("X-API-Key", equalTo(API_KEY)));
		this.backend.verify(0, postRequestedFor(anyUrl()));
		Path proc = Path.of("/proc", Long.toString(tunnel.pid()));
		String commandLine = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
		String environment = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
		assertThat(commandLine).doesNotContain(TOKEN).doesNotContain(API_KEY).endsWith("run\0");
		assertThat(environment.split("\0")).contains("TUNNEL_TOKEN=" + TOKEN);
		assertThat(tunnel.toString()).doesNotContain(TOKEN);
	}

	@Test
	void withoutATunnelTheBackendCreatesOneLeadingToTheLocalPort() throws Exception {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(aResponse().withStatus(404)));
		this.backend.stubFor(post(urlEqualTo(TUNNELS)).willReturn(okJson(tunnelJson("task-app-8114.usesynth.test", true))));
		TunnelHandle tunnel = open(backend(binary("normal"), false, null, (hostname) -> false));
		assertThat(tunnel.publicUrl()).isEqualTo("https://task-app-8114.usesynth.test");
		this.backend.verify(postRequestedFor(urlEqualTo(TUNNELS))
			.withRequestBody(equalToJson("{\"subdomain\":\"task-app-8114\",\"local_port\":8114,\"local_host\":\"127.0.0.1\"}"))
			.withHeader("Authorization", equalTo("Bearer " + API_KEY)));
	}

	@Test
	void anEmptyListAlsoLeadsToANewTunnel() throws Exception {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(okJson("[]")));
		this.backend.stubFor(post(urlEqualTo(TUNNELS)).willReturn(okJson(tunnelJson("fresh.usesynth.test", true))));
		assertThat(open(backend(binary("normal"), false, null, (hostname) -> false)).publicUrl())
			.isEqualTo("https://fresh.usesynth.test");
	}

	@Test
	void theConfiguredHostnamePicksOneOfSeveralTunnels() throws Exception {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(okJson("[" + tunnelJson("first.usesynth.test", true)
				+ "," + tunnelJson("second.usesynth.test", true) + "]")));
		assertThat(open(backend(binary("normal"), false, "Second.usesynth.test", (hostname) -> false)).publicUrl())
			.isEqualTo("https://second.usesynth.test");
	}

	@Test
	void forceNewRotatesTheTunnelOnceAndAReopenReusesTheRotatedOne() throws Exception {
		this.backend.stubFor(post(urlEqualTo(ROTATE)).willReturn(okJson(tunnelJson("rotated.usesynth.test", true))));
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(okJson("[" + tunnelJson("rotated.usesynth.test", true) + "]")));
		ManagedTunnelBackend backend = backend(binary("normal"), true, null, (hostname) -> false);
		TunnelHandle first = open(backend);
		assertThat(first.publicUrl()).isEqualTo("https://rotated.usesynth.test");
		this.backend.verify(postRequestedFor(urlEqualTo(ROTATE))
			.withRequestBody(equalToJson("{\"local_port\":8114,\"local_host\":\"127.0.0.1\"}", true, true)));
		this.backend.verify(0, getRequestedFor(urlEqualTo(TUNNELS)));
		first.close();
		TunnelHandle second = open(backend);
		assertThat(second.publicUrl()).isEqualTo("https://rotated.usesynth.test");
		this.backend.verify(1, postRequestedFor(urlEqualTo(ROTATE)));
		this.backend.verify(1, getRequestedFor(urlEqualTo(TUNNELS)));
	}

	@Test
	void aRefusedKeyFailsBeforeCloudflaredStartsWithoutShowingTheKey() {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\":\"Invalid API key " + API_KEY + "\"}")));
		FakeCloudflaredBinary binary = binary("normal");
		ManagedTunnelBackend backend = backend(binary, false, null, (hostname) -> true);
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend.open(request()))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.SYNTH_API_KEY_REJECTED);
				assertThat(ex.getMode()).isEqualTo(TunnelMode.NAMED);
				assertThat(ex.getMessage()).startsWith("Invalid API key. Please check your SYNTH_API_KEY.")
					.contains("HTTP 401")
					.doesNotContain(API_KEY);
			});
		assertThat(binary.startedPids()).isEmpty();
	}

	@Test
	void aTunnelThatCannotBeCreatedFailsWithTheBackendsReason() {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(okJson("[]")));
		this.backend.stubFor(post(urlEqualTo(TUNNELS)).willReturn(aResponse().withStatus(409)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\":\"Tunnel limit reached for this organisation\"}")));
		FakeCloudflaredBinary binary = binary("normal");
		ManagedTunnelBackend backend = backend(binary, false, null, (hostname) -> true);
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend.open(request()))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.MANAGED_TUNNEL_UNAVAILABLE);
				assertThat(ex.getMessage()).contains("HTTP 409", "creating a managed tunnel",
						"Tunnel limit reached for this organisation");
			});
		assertThat(binary.startedPids()).isEmpty();
	}

	@Test
	void anAnswerWithoutTokenIsAnIncompleteConfiguration() {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(okJson("[{\"hostname\":\"half.usesynth.test\"}]")));
		ManagedTunnelBackend backend = backend(binary("normal"), false, null, (hostname) -> true);
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend.open(request()))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.MANAGED_TUNNEL_UNAVAILABLE);
				assertThat(ex.getMessage()).startsWith("Tunnel configuration incomplete (missing tunnel_token)");
			});
	}

	@Test
	void anUnreachableBackendFailsNamingIt() {
		String url = this.backend.baseUrl();
		this.backend.stop();
		ManagedTunnelBackend backend = new ManagedTunnelBackend(new ManagedTunnelSettings(API_KEY, url, false, null),
				settings(binary("normal")), new CloudflaredLocator(null), (hostname) -> true);
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend.open(request()))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.MANAGED_TUNNEL_UNAVAILABLE);
				assertThat(ex.getMessage()).contains("Could not reach the Synth backend at " + url);
			});
	}

	@Test
	void aHostnameWhoseDnsIsNotVerifiedIsWaitedForUntilItResolves() throws Exception {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(okJson("[" + tunnelJson("slow.usesynth.test", false) + "]")));
		AtomicInteger lookups = new AtomicInteger();
		TunnelHandle tunnel = open(backend(binary("normal"), false, null, (hostname) -> lookups.incrementAndGet() >= 3));
		assertThat(tunnel.publicUrl()).isEqualTo("https://slow.usesynth.test");
		assertThat(lookups).hasValue(3);
	}

	@Test
	void aHostnameThatNeverResolvesFailsAsDnsNotVerifiedAndStopsCloudflared() {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(okJson("[" + tunnelJson("never.usesynth.test", false) + "]")));
		FakeCloudflaredBinary binary = binary("normal");
		ManagedTunnelBackend backend = backend(binary, false, null, (hostname) -> false);
		TunnelRequest request = new TunnelRequest("127.0.0.1", LOCAL_PORT, List.of("key"), Instant.now().plusSeconds(15),
				TunnelListener.NONE);
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend.open(request))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.MANAGED_TUNNEL_DNS_PENDING);
				assertThat(ex.getMessage()).contains("never.usesynth.test", "dns_verified=false");
			});
		assertThat(binary.startedPids()).hasSize(1);
		assertThat(FakeCloudflaredBinary.isAlive(binary.startedPids().get(0))).isFalse();
	}

	private CloudflaredTunnel open(ManagedTunnelBackend backend) throws Exception {
		CloudflaredTunnel tunnel = (CloudflaredTunnel) backend.open(request());
		this.handles.add(tunnel);
		return tunnel;
	}

	private ManagedTunnelBackend backend(FakeCloudflaredBinary binary, boolean forceNew, String hostname,
			HostnameResolver resolver) {
		CloudflaredSettings settings = settings(binary);
		return new ManagedTunnelBackend(
				new ManagedTunnelSettings(API_KEY, this.backend.baseUrl() + "/api/", forceNew, hostname), settings,
				new CloudflaredLocator(settings.path()), resolver);
	}

	private static String tunnelJson(String hostname, boolean dnsVerified) {
		return "{\"hostname\":\"" + hostname + "\",\"tunnel_token\":\"" + TOKEN + "\",\"local_port\":8114,"
				+ "\"local_host\":\"127.0.0.1\",\"dns_verified\":" + dnsVerified + "}";
	}

	private FakeCloudflaredBinary binary(String mode) {
		FakeCloudflaredBinary binary = FakeCloudflaredBinary.create(this.temp.resolve("bin-" + this.binaries.size()),
				mode);
		this.binaries.add(binary);
		return binary;
	}

	private CloudflaredSettings settings(FakeCloudflaredBinary binary) {
		return CloudflaredSettings.defaults()
			.withPath(binary.path().toString())
			.withPidfileDirectory(this.temp.resolve("pidfiles"))
			.withGracePeriod(Duration.ofSeconds(5))
			.withPollInterval(Duration.ofMillis(50));
	}

	private static TunnelRequest request() {
		return new TunnelRequest("127.0.0.1", LOCAL_PORT, List.of("key"), Instant.now().plusSeconds(30),
				TunnelListener.NONE);
	}

}
