package dev.taskapp.tunnel.cloudflare;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelListener;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelRequest;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link NamedTunnelBackend}, against the stand-in {@link FakeCloudflared} where a process is
 * needed.
 */
class NamedTunnelBackendTests {

	private static final String TOKEN = "eyJhIjoiZmFrZS1hY2NvdW50IiwidCI6ImZha2UtdHVubmVsIiwicyI6InNlY3JldCJ9";

	@TempDir
	Path temp;

	private final List<FakeCloudflaredBinary> binaries = new ArrayList<>();

	private final List<TunnelHandle> handles = new ArrayList<>();

	@AfterEach
	void noCloudflaredIsLeftRunning() {
		this.handles.forEach(TunnelHandle::close);
		this.binaries.forEach(FakeCloudflaredBinary::assertNoProcessLeft);
	}

	@Test
	void namedTunnelWithoutTokenIsRefusedNamingTheProperty() {
		NamedTunnelBackend backend = new NamedTunnelBackend(settings(null).withNamedTunnel(null, "tasks.example.com"));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend.open(request()))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.NAMED_CONFIGURATION_MISSING);
				assertThat(ex.getMode()).isEqualTo(TunnelMode.NAMED);
				assertThat(ex.getMessage()).endsWith("task-app.tunnel.named.token is not set");
			});
	}

	@Test
	void namedTunnelWithoutHostnameIsRefusedNamingTheProperty() {
		NamedTunnelBackend backend = new NamedTunnelBackend(settings(null).withNamedTunnel(TOKEN, " "));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(backend::checkedUrl).satisfies((ex) -> {
			assertThat(ex.getReason()).isEqualTo(Reason.NAMED_CONFIGURATION_MISSING);
			assertThat(ex.getMessage()).endsWith("task-app.tunnel.named.hostname is not set").doesNotContain(TOKEN);
		});
	}

	@Test
	void namedTunnelWithAnInvalidHostnameIsRefused() {
		NamedTunnelBackend backend = new NamedTunnelBackend(
				settings(null).withNamedTunnel(TOKEN, "https://tasks example.com/"));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(backend::checkedUrl)
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("is not a hostname"));
	}

	@Test
	void namedTunnelUrlIsTheConfiguredHostnameOverHttps() throws Exception {
		NamedTunnelBackend backend = new NamedTunnelBackend(
				settings(null).withNamedTunnel(TOKEN, " https://Tasks.Example.com/ "));
		assertThat(backend.checkedUrl()).isEqualTo("https://tasks.example.com");
		assertThat(backend.mode()).isEqualTo(TunnelMode.NAMED);
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void namedTunnelRunsWithItsTokenInTheEnvironmentAndNeverOnTheCommandLine() throws Exception {
		FakeCloudflaredBinary binary = binary("normal");
		NamedTunnelBackend backend = new NamedTunnelBackend(
				settings(binary).withNamedTunnel(TOKEN, "tasks.example.com"));
		CloudflaredTunnel tunnel = (CloudflaredTunnel) backend.open(request());
		this.handles.add(tunnel);
		assertThat(tunnel.publicUrl()).isEqualTo("https://tasks.example.com");
		Path proc = Path.of("/proc", Long.toString(tunnel.pid()));
		String commandLine = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
		String environment = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
		assertThat(commandLine).doesNotContain(TOKEN).contains("tunnel\0--no-autoupdate").endsWith("run\0");
		assertThat(environment.split("\0")).contains("TUNNEL_TOKEN=" + TOKEN);
		assertThat(tunnel.describe()).doesNotContain(TOKEN);
		assertThat(tunnel.toString()).doesNotContain(TOKEN);
	}

	@Test
	void rejectedTokenFailsWithoutShowingTheToken() {
		FakeCloudflaredBinary binary = binary("rejected-token");
		NamedTunnelBackend backend = new NamedTunnelBackend(
				settings(binary).withNamedTunnel(TOKEN, "tasks.example.com"));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend.open(request()))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.PROCESS_FAILED);
				assertThat(ex.getMessage()).contains("exited with code 1", "Provided Tunnel token is not valid: ******")
					.doesNotContain(TOKEN);
			});
	}

	private FakeCloudflaredBinary binary(String mode) {
		FakeCloudflaredBinary binary = FakeCloudflaredBinary.create(this.temp.resolve("bin-" + this.binaries.size()),
				mode);
		this.binaries.add(binary);
		return binary;
	}

	private CloudflaredSettings settings(FakeCloudflaredBinary binary) {
		return CloudflaredSettings.defaults()
			.withPath((binary != null) ? binary.path().toString() : this.temp.resolve("absent").toString())
			.withPidfileDirectory(this.temp.resolve("pidfiles"))
			.withGracePeriod(Duration.ofSeconds(5))
			.withPollInterval(Duration.ofMillis(50));
	}

	private TunnelRequest request() {
		return new TunnelRequest("127.0.0.1", 8001, List.of("key"), Instant.now().plusSeconds(30), TunnelListener.NONE);
	}

}
