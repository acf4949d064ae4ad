package dev.taskapp.tunnel.cloudflare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelListener;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelRequest;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link QuickTunnelBackend} against the stand-in {@link FakeCloudflared}.
 */
@DisabledOnOs(OS.WINDOWS)
class QuickTunnelBackendTests {

	private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private final List<FakeCloudflaredBinary> binaries = new ArrayList<>();

	private final List<TunnelHandle> handles = new ArrayList<>();

	private final List<Throwable> lost = new CopyOnWriteArrayList<>();

	@AfterEach
	void noCloudflaredIsLeftRunning() {
		this.handles.forEach(TunnelHandle::close);
		this.binaries.forEach(FakeCloudflaredBinary::assertNoProcessLeft);
	}

	@Test
	void urlComesFromTheMetricsServerOfAnIsolatedCloudflared() throws Exception {
		FakeCloudflaredBinary binary = binary("normal");
		CloudflaredTunnel tunnel = open(binary, UnaryOperator.identity());
		assertThat(tunnel.publicUrl()).isEqualTo("https://" + binary.hostnameOf(tunnel.pid()));
		assertThat(tunnel.describe()).contains("cloudflared pid " + tunnel.pid());
		List<String> arguments = binary.argumentsOf(tunnel.pid());
		assertThat(arguments).startsWith("tunnel", "--no-autoupdate", "--config")
			.containsSequence("--url", "http://127.0.0.1:8001")
			.containsSequence("--grace-period", "4000ms");
		assertThat(arguments.get(arguments.indexOf("--metrics") + 1)).matches("127\\.0\\.0\\.1:\\d+");
		assertThat(Files.readString(Path.of(arguments.get(arguments.indexOf("--config") + 1)))).contains("{}");
		assertThat(pidfiles()).containsExactly(this.temp.resolve("pidfiles/cloudflared-" + tunnel.pid() + ".pid"));
	}

	@Test
	void closingTheTunnelStopsCloudflaredWithSigterm() throws Exception {
		FakeCloudflaredBinary binary = binary("normal");
		CloudflaredTunnel tunnel = open(binary, UnaryOperator.identity());
		tunnel.close();
		assertThat(binary.sawSigterm(tunnel.pid())).isTrue();
		assertThat(binary.shutDownGracefully(tunnel.pid())).isTrue();
		assertThat(FakeCloudflaredBinary.isAlive(tunnel.pid())).isFalse();
		assertThat(pidfiles()).isEmpty();
		tunnel.close();
		assertThat(this.lost).isEmpty();
	}

	@Test
	void urlComesFromTheLogWhenTheMetricsServerHasNoneAndNeverFromTheApiHost() throws Exception {
		FakeCloudflaredBinary binary = binary("log-only");
		CloudflaredTunnel tunnel = open(binary, UnaryOperator.identity());
		assertThat(tunnel.publicUrl()).isEqualTo("https://" + binary.hostnameOf(tunnel.pid()))
			.doesNotContain("api.trycloudflare.com");
	}

	@Test
	void rateLimitedQuickTunnelFailsAtOnceWhenTheBackoffOutlastsTheDeadline() {
		FakeCloudflaredBinary binary = binary("rate-limited");
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> open(binary, UnaryOperator.identity()))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.RATE_LIMITED);
				assertThat(ex.getMode()).isEqualTo(TunnelMode.QUICK);
				assertThat(ex.getMessage()).contains("after 1 attempt:", "429 Too Many Requests",
						"failed to unmarshal quick Tunnel", "wait 5 to 10 minutes", "task-app.tunnel.mode=named");
			});
		assertThat(binary.startedPids()).hasSize(1);
	}

	@Test
	void rateLimitedQuickTunnelIsRequestedAtMostThreeTimesWithTheBackoffBetween() {
		FakeCloudflaredBinary binary = binary("rate-limited");
		assertThatExceptionOfType(TunnelStartException.class)
			.isThrownBy(() -> open(binary,
					(settings) -> settings.withRetries(3, Duration.ofMillis(100), Duration.ofMillis(100))))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.RATE_LIMITED);
				assertThat(ex.getMessage()).contains("after 3 attempts");
			});
		assertThat(binary.startedPids()).hasSize(3);
	}

	@Test
	void tunnelThatNeverBecomesReadyFailsWithNoUrlAtTheDeadline() {
		FakeCloudflaredBinary binary = binary("never-ready");
		Instant start = Instant.now();
		assertThatExceptionOfType(TunnelStartException.class)
			.isThrownBy(() -> open(binary, UnaryOperator.identity(), Duration.ofSeconds(4)))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.NO_URL);
				assertThat(ex.getMessage()).contains("reported no ready edge connection", ".trycloudflare.com",
						"Starting metrics server on 127.0.0.1:");
			});
		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
		long pid = binary.startedPids().get(0);
		assertThat(FakeCloudflaredBinary.isAlive(pid)).isFalse();
		assertThat(binary.sawSigterm(pid)).isTrue();
	}

	@Test
	void cloudflaredThatCrashesAfterItWasReadyIsReportedToTheListenerOnce() throws Exception {
		FakeCloudflaredBinary binary = binary("crash-after-ready");
		CloudflaredTunnel tunnel = open(binary, UnaryOperator.identity());
		await().atMost(Duration.ofSeconds(15)).until(() -> !this.lost.isEmpty());
		assertThat(this.lost).singleElement()
			.satisfies((cause) -> assertThat(cause).hasMessageContaining("pid " + tunnel.pid())
				.hasMessageContaining("exited with code 1")
				.hasMessageContaining("fake: giving up"));
		assertThat(pidfiles()).isEmpty();
		tunnel.close();
		assertThat(this.lost).hasSize(1);
	}

	@Test
	void cloudflaredThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
		FakeCloudflaredBinary binary = binary("ignore-sigterm");
		CloudflaredTunnel tunnel = open(binary, (settings) -> settings.withGracePeriod(Duration.ofMillis(500)));
		long started = System.nanoTime();
		tunnel.close();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
		assertThat(FakeCloudflaredBinary.isAlive(tunnel.pid())).isFalse();
		assertThat(binary.sawSigterm(tunnel.pid())).isTrue();
	}

	@Test
	void cloudflaredWhoseVersionCheckFailsIsReportedAsMissing() {
		FakeCloudflaredBinary binary = binary("bad-version");
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> open(binary, UnaryOperator.identity()))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.CLOUDFLARED_MISSING);
				assertThat(ex.getMessage()).contains(binary.path().toString(), "exit code 126",
						CloudflaredLocator.INSTALL_URL, "task-app.tunnel.cloudflared.path");
			});
		assertThat(binary.startedPids()).isEmpty();
	}

	@Test
	void configuredBinaryThatDoesNotExistIsReportedWithItsPath() {
		Path missing = this.temp.resolve("nowhere/cloudflared");
		QuickTunnelBackend backend = new QuickTunnelBackend(
				settings(null).withPath(missing.toString()));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> backend.open(request(OPEN_TIMEOUT)))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.CLOUDFLARED_MISSING);
				assertThat(ex.getMessage()).contains(missing.toString(), "does not exist");
			});
	}

	@Test
	void interruptingTheOpeningThreadStopsCloudflared() throws Exception {
		FakeCloudflaredBinary binary = binary("never-ready");
		QuickTunnelBackend backend = new QuickTunnelBackend(settings(binary));
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread opener = new Thread(() -> {
			try {
				this.handles.add(backend.open(request(OPEN_TIMEOUT)));
				outcome.complete(null);
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		opener.start();
		await().atMost(Duration.ofSeconds(15)).until(() -> !binary.startedPids().isEmpty());
		opener.interrupt();
		assertThat(outcome.get(15, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
		assertThat(FakeCloudflaredBinary.isAlive(binary.startedPids().get(0))).isFalse();
		assertThat(pidfiles()).isEmpty();
	}

	@Test
	void cloudflaredLeftBehindByAKilledJvmIsStoppedByTheNextOpen() throws Exception {
		FakeCloudflaredBinary binary = binary("normal");
		Process owner = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), CloudflaredOwnerMain.class.getName(), binary.path().toString(),
				this.temp.resolve("pidfiles").toString())
			.redirectErrorStream(true)
			.start();
		long orphan;
		try {
			orphan = readyPid(owner);
		}
		finally {
			owner.destroyForcibly();
			owner.waitFor(10, TimeUnit.SECONDS);
		}
		assertThat(FakeCloudflaredBinary.isAlive(orphan)).isTrue();
		assertThat(pidfiles()).containsExactly(this.temp.resolve("pidfiles/cloudflared-" + orphan + ".pid"));
		CloudflaredTunnel tunnel = open(binary, UnaryOperator.identity());
		assertThat(binary.sawSigterm(orphan)).isTrue();
		assertThat(FakeCloudflaredBinary.isAlive(orphan)).isFalse();
		assertThat(pidfiles()).containsExactly(this.temp.resolve("pidfiles/cloudflared-" + tunnel.pid() + ".pid"));
	}

	@Test
	void wildcardBindAddressesAreReachedThroughTheLoopbackAddress() {
		assertThat(QuickTunnelBackend.loopbackHost("0.0.0.0")).isEqualTo("127.0.0.1");
		assertThat(QuickTunnelBackend.loopbackHost("[::]")).isEqualTo("[::1]");
		assertThat(QuickTunnelBackend.loopbackHost("[::1]")).isEqualTo("[::1]");
		assertThat(QuickTunnelBackend.loopbackHost("127.0.0.1")).isEqualTo("127.0.0.1");
	}

	private static long readyPid(Process owner) throws Exception {
		CompletableFuture<Long> pid = CompletableFuture.supplyAsync(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
				StringBuilder output = new StringBuilder();
				String line;
				while ((line = reader.readLine()) != null) {
					if (line.startsWith("READY ")) {
						return Long.parseLong(line.substring("READY ".length()).strip());
					}
					output.append(line).append('\n');
				}
				throw new IllegalStateException("The owner JVM ended without a tunnel:\n" + output);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		return pid.get(30, TimeUnit.SECONDS);
	}

	private FakeCloudflaredBinary binary(String mode) {
		FakeCloudflaredBinary binary = FakeCloudflaredBinary.create(this.temp.resolve("bin-" + this.binaries.size()),
				mode);
		this.binaries.add(binary);
		return binary;
	}

	private CloudflaredSettings settings(FakeCloudflaredBinary binary) {
		return CloudflaredSettings.defaults()
			.withPath((binary != null) ? binary.path().toString() : null)
			.withPidfileDirectory(this.temp.resolve("pidfiles"))
			.withGracePeriod(Duration.ofSeconds(5))
			.withPollInterval(Duration.ofMillis(50));
	}

	private CloudflaredTunnel open(FakeCloudflaredBinary binary, UnaryOperator<CloudflaredSettings> customizer)
			throws Exception {
		return open(binary, customizer, OPEN_TIMEOUT);
	}

	private CloudflaredTunnel open(FakeCloudflaredBinary binary, UnaryOperator<CloudflaredSettings> customizer,
			Duration timeout) throws Exception {
		QuickTunnelBackend backend = new QuickTunnelBackend(customizer.apply(settings(binary)));
		assertThat(backend.mode()).isEqualTo(TunnelMode.QUICK);
		TunnelHandle handle = backend.open(request(timeout));
		this.handles.add(handle);
		return (CloudflaredTunnel) handle;
	}

	private TunnelRequest request(Duration timeout) {
		TunnelListener listener = this.lost::add;
		return new TunnelRequest("127.0.0.1", 8001, List.of("key"), Instant.now().plus(timeout), listener);
	}

	private List<Path> pidfiles() throws IOException {
		Path directory = this.temp.resolve("pidfiles");
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".pid")).toList();
		}
	}

}
