package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StalePidfiles}, with {@code sleep} processes standing in for cloudflared:
 * one run through a copy of {@code sleep} named {@code cloudflared}, one under its own name.
 */
@EnabledOnOs(OS.LINUX)
class StalePidfilesTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path temp;

	private CloudflaredWorkDirectory workDirectory;

	private Path cloudflared;

	private long deadOwner;

	private final List<Process> processes = new ArrayList<>();

	@BeforeEach
	void prepare() throws Exception {
		this.workDirectory = CloudflaredWorkDirectory.prepare(this.temp.resolve("pidfiles"));
		this.cloudflared = this.temp.resolve("bin/cloudflared");
		Files.createDirectories(this.cloudflared.getParent());
		Files.copy(sleepBinary(), this.cloudflared, StandardCopyOption.COPY_ATTRIBUTES);
		Process finished = new ProcessBuilder("true").start();
		finished.waitFor();
		this.deadOwner = finished.pid();
	}

	@AfterEach
	void noProcessIsLeftRunning() {
		this.processes.forEach(Process::destroyForcibly);
		await().atMost(WAIT).until(() -> this.processes.stream().noneMatch(Process::isAlive));
	}

	@Test
	void cloudflaredOfAJvmThatIsGoneIsStoppedAndItsPidfileRemoved() throws Exception {
		Process stale = start(this.cloudflared.toString());
		Path pidfile = write(stale, this.deadOwner, null);
		assertThat(clean()).isOne();
		assertThat(stale.isAlive()).isFalse();
		assertThat(stale.exitValue()).isEqualTo(143);
		assertThat(pidfile).doesNotExist();
	}

	@Test
	void processThatIsNotCloudflaredIsNeverTouched() throws Exception {
		Process other = start(sleepBinary().toString());
		Path pidfile = write(other, this.deadOwner, null);
		assertThat(clean()).isZero();
		assertThat(other.isAlive()).isTrue();
		assertThat(pidfile).doesNotExist();
	}

	@Test
	void cloudflaredOfALiveJvmIsLeftAlone() throws Exception {
		Process running = start(this.cloudflared.toString());
		ProcessHandle current = ProcessHandle.current();
		Path pidfile = write(running, current.pid(), current.info().startInstant().orElseThrow());
		assertThat(clean()).isZero();
		assertThat(running.isAlive()).isTrue();
		assertThat(pidfile).exists();
	}

	@Test
	void processThatReusedTheRecordedPidIsNeverTouched() throws Exception {
		Process reused = start(this.cloudflared.toString());
		Instant started = reused.toHandle().info().startInstant().orElseThrow();
		Path pidfile = this.workDirectory.write(new CloudflaredPidfile(reused.pid(), started.minusSeconds(3600),
				this.cloudflared.toString(), this.deadOwner, null));
		assertThat(clean()).isZero();
		assertThat(reused.isAlive()).isTrue();
		assertThat(pidfile).doesNotExist();
	}

	@Test
	void unreadablePidfilesAreRemovedAndOtherFilesKept() throws Exception {
		Path garbled = Files.writeString(this.workDirectory.directory().resolve("cloudflared-12.pid"), "not a pidfile");
		Path other = Files.writeString(this.workDirectory.directory().resolve("notes.txt"), "pid=12");
		assertThat(clean()).isZero();
		assertThat(garbled).doesNotExist();
		assertThat(other).exists();
		assertThat(this.workDirectory.emptyConfig()).exists();
	}

	private int clean() {
		return new StalePidfiles(this.workDirectory, Duration.ofSeconds(5)).clean();
	}

	private Process start(String binary) throws IOException {
		Process process = new ProcessBuilder(binary, "30").start();
		this.processes.add(process);
		await().atMost(WAIT).until(() -> process.toHandle().info().startInstant().isPresent());
		return process;
	}

	private Path write(Process process, long ownerPid, Instant ownerStarted) {
		return this.workDirectory.write(new CloudflaredPidfile(process.pid(),
				process.toHandle().info().startInstant().orElseThrow(), this.cloudflared.toString(), ownerPid,
				ownerStarted));
	}

	private static Path sleepBinary() {
		for (String candidate : new String[] { "/usr/bin/sleep", "/bin/sleep" }) {
			if (Files.isExecutable(Path.of(candidate))) {
				return Path.of(candidate);
			}
		}
		throw new IllegalStateException("No sleep binary");
	}

}
