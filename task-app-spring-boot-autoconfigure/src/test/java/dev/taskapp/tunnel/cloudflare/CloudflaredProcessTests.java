package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CloudflaredProcess}, with shell scripts in place of cloudflared.
 */
@DisabledOnOs(OS.WINDOWS)
class CloudflaredProcessTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@TempDir
	Path temp;

	private CloudflaredWorkDirectory workDirectory;

	private final List<CloudflaredProcess> processes = new ArrayList<>();

	private final List<String> lines = new CopyOnWriteArrayList<>();

	@BeforeEach
	void prepareWorkDirectory() throws IOException {
		this.workDirectory = CloudflaredWorkDirectory.prepare(this.temp.resolve("pidfiles"));
	}

	@AfterEach
	void noProcessIsLeftRunning() {
		List<ProcessHandle> left = new ArrayList<>();
		for (CloudflaredProcess process : this.processes) {
			ProcessHandle.of(process.pid()).ifPresent((handle) -> {
				left.addAll(handle.descendants().toList());
				left.add(handle);
			});
			process.stop(Duration.ZERO);
		}
		await().atMost(WAIT).until(() -> left.stream().noneMatch(ProcessHandle::isAlive));
	}

	@Test
	void outputIsDrainedForTheWholeLifeOfTheProcess() throws Exception {
		CloudflaredProcess process = start(50, List.of(), "i=0; while [ $i -lt 20000 ]; do"
				+ " echo \"line $i, long enough to fill a pipe buffer soon\"; i=$((i+1)); done; echo done >&2");
		process.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
		process.stop(Duration.ZERO);
		assertThat(process.exitCode()).isZero();
		assertThat(this.lines).hasSize(20_001).contains("done");
		assertThat(process.tail(100).lines()).hasSize(50).contains("line 19999, long enough to fill a pipe buffer soon");
	}

	@Test
	void secretsAreMaskedInEveryLine() throws Exception {
		CloudflaredProcess process = start(10, List.of("t0ken-value"), "echo 'using t0ken-value now'; echo 'x' >&2");
		process.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
		process.stop(Duration.ZERO);
		assertThat(this.lines).contains("using ****** now").noneMatch((line) -> line.contains("t0ken-value"));
		assertThat(process.tail(10)).doesNotContain("t0ken-value");
	}

	@Test
	void stopSendsSigtermAndWaitsForTheProcessToExit() throws Exception {
		CloudflaredProcess process = start(10, List.of(),
				"trap 'echo got TERM; exit 0' TERM; echo started; while :; do sleep 0.1; done");
		await().atMost(WAIT).until(() -> this.lines.contains("started"));
		process.stop(WAIT);
		assertThat(process.isAlive()).isFalse();
		assertThat(process.exitCode()).isZero();
		assertThat(this.lines).contains("got TERM");
	}

	@Test
	void processThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
		CloudflaredProcess process = start(10, List.of(),
				"trap '' TERM; echo started; while :; do sleep 0.1; done");
		await().atMost(WAIT).until(() -> this.lines.contains("started"));
		long started = System.nanoTime();
		process.stop(Duration.ofMillis(300));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(process.isAlive()).isFalse();
		assertThat(process.exitCode()).isEqualTo(137);
	}

	@Test
	void stopEndsWhatTheProcessStarted() throws Exception {
		CloudflaredProcess process = start(10, List.of(), "sleep 30 & echo \"child $!\"; wait");
		await().atMost(WAIT).until(() -> this.lines.stream().anyMatch((line) -> line.startsWith("child ")));
		long child = Long.parseLong(this.lines.get(0).substring("child ".length()));
		process.stop(Duration.ofSeconds(2));
		await().atMost(WAIT).until(() -> ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) == false);
		assertThat(process.isAlive()).isFalse();
	}

	@Test
	void pidfileRecordsTheProcessAndThisJvmUntilStop() throws Exception {
		CloudflaredProcess process = start(10, List.of(), "echo started; sleep 30");
		Path pidfile = process.pidfile();
		assertThat(pidfile).isEqualTo(this.temp.resolve("pidfiles/cloudflared-" + process.pid() + ".pid"));
		CloudflaredPidfile recorded = CloudflaredPidfile.parse(Files.readString(pidfile));
		assertThat(recorded).isNotNull();
		assertThat(recorded.pid()).isEqualTo(process.pid());
		assertThat(recorded.command()).isEqualTo("/bin/sh");
		assertThat(recorded.ownerPid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(recorded.liveProcess()).isPresent();
		process.stop(Duration.ofSeconds(2));
		assertThat(pidfile).doesNotExist();
	}

	@Test
	void childEnvironmentDropsInheritedTunnelVariablesAndAddsTheGivenOnes() {
		Map<String, String> environment = CloudflaredProcess.childEnvironment(
				Map.of("PATH", "/usr/bin", "TUNNEL_HOSTNAME", "x.example.com", "TUNNEL_TOKEN", "inherited"),
				Map.of("TUNNEL_TOKEN", "configured"));
		assertThat(environment).containsOnly(Map.entry("PATH", "/usr/bin"), Map.entry("TUNNEL_TOKEN", "configured"));
	}

	@Test
	void overlongLinesAreCut() throws IOException {
		List<String> read = new ArrayList<>();
		CloudflaredProcess.readLines(new StringReader("a".repeat(10_000) + "\r\nshort\nlast"), read::add);
		assertThat(read).hasSize(3);
		assertThat(read.get(0)).hasSize(CloudflaredProcess.MAX_LINE_LENGTH);
		assertThat(read.subList(1, 3)).containsExactly("short", "last");
	}

	private CloudflaredProcess start(int outputLines, List<String> secrets, String script) throws IOException {
		CloudflaredProcess process = CloudflaredProcess.start(List.of("/bin/sh", "-c", script), Map.of(), secrets,
				new OutputTail(outputLines), this.lines::add, this.workDirectory);
		this.processes.add(process);
		return process;
	}

}
