package dev.taskapp.tunnel.cloudflare;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Mode {@code named} with only a Synth API key, in a real application: the managed tunnel
 * from a WireMock Synth backend run by the stand-in cloudflared, {@code force-new}, and each
 * backend error explained by the failure analyzers registered for Spring Boot, with its fix.
 */
class ManagedTunnelApplicationTests {

	private static final String API_KEY = "sk_synth_app_0123456789abcdef";

	private static final String TOKEN = "eyJhIjoiYXBwLWFjY291bnQiLCJ0IjoiYXBwIiwicyI6InNlY3JldCJ9";

	private static final String TUNNELS = "/api/v1/tunnels/";

	private static final String NO_SYNTH_API_KEY = "no Synth API key";

	@TempDir
	Path directory;

	private final WireMockServer backend = new WireMockServer(options().dynamicPort());

	private final List<FakeCloudflaredBinary> binaries = new ArrayList<>();

	@BeforeEach
	void startBackend() {
		this.backend.start();
	}

	@AfterEach
	void noProcessIsLeft() {
		this.backend.stop();
		this.binaries.forEach(FakeCloudflaredBinary::assertNoProcessLeft);
	}

	@Test
	void withOnlyASynthApiKeyNamedModePublishesTheManagedTunnelsHostname() {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(aResponse().withStatus(404)));
		this.backend.stubFor(post(urlEqualTo(TUNNELS)).willReturn(okJson(tunnel("task-app-1.usesynth.test"))));
		FakeCloudflaredBinary binary = binary();
		try (ConfigurableApplicationContext context = run(binary)) {
			TaskAppUrl url = context.getBean(TaskAppUrl.class);
			assertThat(url.get(Duration.ZERO)).isEqualTo("https://task-app-1.usesynth.test");
			assertThat(url.mode()).isEqualTo(TunnelMode.NAMED);
			assertThat(binary.startedPids()).hasSize(1);
		}
	}

	@Test
	void forceNewRotatesTheTunnelBeforeItStarts() {
		this.backend.stubFor(post(urlEqualTo("/api/v1/tunnels/rotate")).willReturn(okJson(tunnel("rotated.usesynth.test"))));
		try (ConfigurableApplicationContext context = run(binary(), "--task-app.tunnel.named.force-new=true")) {
			assertThat(context.getBean(TaskAppUrl.class).get(Duration.ZERO)).isEqualTo("https://rotated.usesynth.test");
			this.backend.verify(1, postRequestedFor(urlEqualTo("/api/v1/tunnels/rotate")));
		}
	}

	@Test
	void theLeaseApiServesTheLeasedUrlAndReleasesTheLeaseOnShutdown() throws Exception {
		int gatewayPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			gatewayPort = socket.getLocalPort();
		}
		this.backend.stubFor(post(urlEqualTo("/v1/tunnels/lease")).willReturn(okJson("{\"lease_id\":\"lease-app\","
				+ "\"public_url\":\"https://gw.usesynth.test/t/lease-app\",\"tunnel_token\":\"" + TOKEN + "\","
				+ "\"gateway_port\":" + gatewayPort + "}")));
		this.backend.stubFor(post(urlEqualTo("/v1/tunnels/lease/lease-app/heartbeat")).willReturn(okJson("{}")));
		this.backend.stubFor(post(urlEqualTo("/v1/tunnels/lease/lease-app/release")).willReturn(okJson("{}")));
		try (ConfigurableApplicationContext context = run(binary(), "--task-app.tunnel.named.api=lease")) {
			assertThat(context.getBean(TaskAppUrl.class).get(Duration.ZERO))
				.isEqualTo("https://gw.usesynth.test/t/lease-app");
		}
		this.backend.verify(postRequestedFor(urlEqualTo("/v1/tunnels/lease/lease-app/release")));
	}

	@Test
	void aRefusedKeyIsAnalysedWithItsFix() {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(aResponse().withStatus(401)));
		FailureAnalysis analysis = failedStart(binary());
		assertThat(analysis.getDescription()).contains("task-app.tunnel.mode=named", "Invalid API key", "HTTP 401")
			.doesNotContain(API_KEY);
		assertThat(analysis.getAction()).contains("SYNTH_API_KEY", "task-app.tunnel.synth.backend-url");
	}

	@Test
	void aTunnelTheBackendCannotCreateIsAnalysedWithItsFix() {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(okJson("[]")));
		this.backend.stubFor(post(urlEqualTo(TUNNELS)).willReturn(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"detail\":\"Cloudflare API unavailable\"}")));
		FailureAnalysis analysis = failedStart(binary());
		assertThat(analysis.getDescription()).contains("HTTP 503", "Cloudflare API unavailable");
		assertThat(analysis.getAction()).contains("task-app.tunnel.named.force-new=true",
				"task-app.tunnel.mode=synthtunnel");
	}

	@Test
	void aHostnameWhoseDnsIsNotVerifiedIsAnalysedWithItsFix() {
		this.backend.stubFor(get(urlEqualTo(TUNNELS)).willReturn(okJson("[{\"hostname\":\"pending.invalid\","
				+ "\"tunnel_token\":\"" + TOKEN + "\",\"dns_verified\":false}]")));
		FailureAnalysis analysis = failedStart(binary(), "--task-app.tunnel.startup-timeout=15s");
		assertThat(analysis.getDescription()).contains("pending.invalid", "not verified yet");
		assertThat(analysis.getAction()).contains("DNS record has not propagated yet",
				"task-app.tunnel.startup-timeout");
	}

	@Test
	void withoutTokenOrSynthApiKeyNamedModeNamesBothWays() {
		FailureAnalysis analysis = failedStart(binary(), NO_SYNTH_API_KEY);
		assertThat(analysis.getAction()).contains("SYNTH_API_KEY", "task-app.tunnel.named.token");
	}

	private FailureAnalysis failedStart(FakeCloudflaredBinary binary, String... more) {
		Throwable failure = catchThrowable(() -> run(binary, more).close());
		assertThat(failure).isNotNull();
		// Analyzers that need the bean factory cannot be made here; ours needs nothing.
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
			}));
		return analyzers.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No failure analysis for " + failure));
	}

	private static String tunnel(String hostname) {
		return "{\"hostname\":\"" + hostname + "\",\"tunnel_token\":\"" + TOKEN + "\",\"dns_verified\":true}";
	}

	private FakeCloudflaredBinary binary() {
		FakeCloudflaredBinary binary = FakeCloudflaredBinary.create(this.directory.resolve("bin-" + this.binaries.size()),
				"normal");
		this.binaries.add(binary);
		return binary;
	}

	private ConfigurableApplicationContext run(FakeCloudflaredBinary binary, String... more) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--task-app.api-key=sk_named_app",
				"--task-app.tunnel.mode=named", "--task-app.tunnel.verify.enabled=false",
				"--task-app.tunnel.cloudflared.grace-period=3s", "--task-app.tunnel.cloudflared.path=" + binary.path(),
				"--task-app.tunnel.synth.backend-url=" + this.backend.baseUrl()));
		List<String> options = new ArrayList<>(List.of(more));
		if (!options.remove(NO_SYNTH_API_KEY)) {
			args.add("--task-app.tunnel.synth.api-key=" + API_KEY);
		}
		args.addAll(options);
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.REACTIVE)
			.run(args.toArray(String[]::new));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		TaskAppConfig scriptedTaskApp() {
			return ScriptedTaskApp.reactive();
		}

	}

}
