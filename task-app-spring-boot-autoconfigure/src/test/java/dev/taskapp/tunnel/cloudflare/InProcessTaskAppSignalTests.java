package dev.taskapp.tunnel.cloudflare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@code InProcessTaskApp} in a real child JVM that is sent SIGTERM: its {@code onStop}
 * callback runs while the tunnel and the server are still up, then cloudflared is stopped
 * with SIGTERM and no child process is left.
 */
@EnabledOnOs(OS.LINUX)
class InProcessTaskAppSignalTests {

	@TempDir
	Path directory;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private Process child;

	private FakeCloudflaredBinary binary;

	@AfterEach
	void nothingIsLeft() {
		if (this.child != null && this.child.isAlive()) {
			this.child.destroyForcibly();
		}
		if (this.binary != null) {
			this.binary.assertNoProcessLeft();
		}
	}

	@Test
	void sigtermRunsOnStopThenClosesTheTunnelAndTheServerLeavingNoChild() throws Exception {
		this.binary = FakeCloudflaredBinary.create(this.directory.resolve("bin"), "normal");
		Path onStop = this.directory.resolve("on-stop");
		this.child = startChild(onStop);
		await().atMost(Duration.ofSeconds(120))
			.until(() -> this.output.stream().anyMatch((line) -> line.startsWith("READY ")) || !this.child.isAlive());
		assertThat(this.child.isAlive()).as("child JVM running; its output:\n%s", String.join("\n", this.output))
			.isTrue();
		assertThat(this.binary.startedPids()).hasSize(1);
		long cloudflared = this.binary.startedPids().get(0);
		assertThat(FakeCloudflaredBinary.isAlive(cloudflared)).isTrue();

		this.child.toHandle().destroy();

		assertThat(this.child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(Files.readString(onStop)).contains("cloudflared-alive=true", "server-listening=true");
		assertThat(this.binary.sawSigterm(cloudflared)).isTrue();
		assertThat(FakeCloudflaredBinary.isAlive(cloudflared)).isFalse();
		assertThat(this.output).anyMatch((line) -> line.contains("closing 1 in-process task app"));
	}

	private Process startChild(Path onStop) throws IOException {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		Path tmp = Files.createDirectories(this.directory.resolve("tmp"));
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
				SignalledTaskAppMain.class.getName(), this.binary.path().toString(), onStop.toString(),
				Integer.toString(freePort()))
			.redirectErrorStream(true);
		builder.environment().keySet().removeIf((name) -> name.startsWith("SYNTH_"));
		Process process = builder.start();
		CompletableFuture.runAsync(() -> drain(process));
		return process;
	}

	private void drain(Process process) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.output.add(line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
