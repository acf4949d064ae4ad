package dev.taskapp.tunnel.cloudflare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CloudflaredWorkDirectory}.
 */
@DisabledOnOs(OS.WINDOWS)
class CloudflaredWorkDirectoryTests {

	@TempDir
	Path temp;

	@Test
	void directoryIsPrivateAndHoldsAnEmptyConfiguration() throws Exception {
		Path directory = this.temp.resolve("a/task-app-cloudflared");
		CloudflaredWorkDirectory workDirectory = CloudflaredWorkDirectory.prepare(directory);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
		assertThat(workDirectory.emptyConfig()).isEqualTo(directory.resolve("empty-config.yml"));
		assertThat(Files.readString(workDirectory.emptyConfig())).endsWith("{}\n");
		assertThat(CloudflaredWorkDirectory.prepare(directory).emptyConfig()).isEqualTo(workDirectory.emptyConfig());
	}

	@Test
	void pidfilesAreWrittenAndListed() throws Exception {
		CloudflaredWorkDirectory workDirectory = CloudflaredWorkDirectory.prepare(this.temp.resolve("pids"));
		Path pidfile = workDirectory.write(CloudflaredPidfile.of(ProcessHandle.current(), "cloudflared"));
		assertThat(pidfile).hasFileName("cloudflared-" + ProcessHandle.current().pid() + ".pid");
		assertThat(workDirectory.pidfiles()).containsExactly(pidfile);
	}

	@Test
	void unusableDirectoryMeansATemporaryConfigurationAndNoPidfiles() throws Exception {
		Path notADirectory = Files.writeString(this.temp.resolve("file"), "x");
		CloudflaredWorkDirectory workDirectory = CloudflaredWorkDirectory.prepare(notADirectory);
		assertThat(workDirectory.emptyConfig()).exists().isNotEqualTo(notADirectory);
		assertThat(workDirectory.write(CloudflaredPidfile.of(ProcessHandle.current(), "cloudflared"))).isNull();
		assertThat(workDirectory.pidfiles()).isEmpty();
		Files.delete(workDirectory.emptyConfig());
	}

}
