package dev.taskapp.tunnel.cloudflare;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link CloudflaredLocator}, with shell scripts in place of cloudflared.
 */
@DisabledOnOs(OS.WINDOWS)
class CloudflaredLocatorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@TempDir
	Path temp;

	@Test
	void configuredPathIsUsedAndItsVersionReported() throws Exception {
		Path binary = script("elsewhere/cloudflared", "echo 'cloudflared version 2024.12.2 (built 2024-12-19-1724 UTC)'");
		CloudflaredBinary located = locator(binary.toString(), null).locate(TunnelMode.QUICK);
		assertThat(located.path()).isEqualTo(binary);
		assertThat(located.version()).isEqualTo("cloudflared version 2024.12.2 (built 2024-12-19-1724 UTC)");
	}

	@Test
	void configuredPathThatDoesNotExistIsMissingCloudflaredNamingThePath() {
		Path absent = this.temp.resolve("absent/cloudflared");
		assertThatExceptionOfType(TunnelStartException.class)
			.isThrownBy(() -> locator(absent.toString(), null).locate(TunnelMode.NAMED))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.CLOUDFLARED_MISSING);
				assertThat(ex.getMode()).isEqualTo(TunnelMode.NAMED);
				assertThat(ex.getMessage()).contains("task-app.tunnel.cloudflared.path names " + absent,
						"does not exist", CloudflaredLocator.INSTALL_URL);
			});
	}

	@Test
	void configuredPathThatIsNotExecutableIsMissingCloudflared() throws Exception {
		Path binary = script("plain/cloudflared", "echo cloudflared version 1");
		Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-------"));
		assertThatExceptionOfType(TunnelStartException.class)
			.isThrownBy(() -> locator(binary.toString(), null).locate(TunnelMode.QUICK))
			.withMessageContaining("which is not executable");
	}

	@Test
	void cloudflaredIsFoundOnThePathBeforeTheInstallPlaces() throws Exception {
		Path binary = script("second/cloudflared", "echo cloudflared version 2026.1.0");
		Files.createDirectories(this.temp.resolve("first"));
		String path = this.temp.resolve("first") + File.pathSeparator + this.temp.resolve("second");
		assertThat(locator(null, path).find(TunnelMode.QUICK)).isEqualTo(binary);
	}

	@Test
	void cloudflaredIsFoundInTheBinFolderOfTheHomeDirectory() throws Exception {
		assumeNoSystemCloudflared();
		Path binary = script("home/bin/cloudflared", "echo cloudflared version 2026.1.0");
		assertThat(locator(null, "").find(TunnelMode.QUICK)).isEqualTo(binary);
	}

	@Test
	void noCloudflaredAnywhereIsMissingCloudflaredWithInstallAdvice() {
		assumeNoSystemCloudflared();
		assertThatExceptionOfType(TunnelStartException.class)
			.isThrownBy(() -> locator(null, this.temp.toString()).locate(TunnelMode.QUICK))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(Reason.CLOUDFLARED_MISSING);
				assertThat(ex.getMessage()).contains("not found on the PATH", "/opt/homebrew/bin",
						CloudflaredLocator.INSTALL_URL, "or set task-app.tunnel.cloudflared.path");
			});
	}

	@Test
	void versionCheckThatFailsIsMissingCloudflaredWithItsOutput() throws Exception {
		Path binary = script("broken/cloudflared", "echo 'error while loading shared libraries' >&2; exit 3");
		assertThatExceptionOfType(TunnelStartException.class)
			.isThrownBy(() -> locator(binary.toString(), null).locate(TunnelMode.QUICK))
			.withMessageContaining("failed with exit code 3: error while loading shared libraries");
	}

	@Test
	void versionCheckThatHangsIsStoppedAfterTheTimeout() throws Exception {
		Path binary = script("hanging/cloudflared", "exec sleep 30");
		CloudflaredLocator locator = new CloudflaredLocator(binary.toString(), null, this.temp.resolve("home"),
				Duration.ofMillis(300));
		assertThatExceptionOfType(TunnelStartException.class).isThrownBy(() -> locator.locate(TunnelMode.QUICK))
			.withMessageContaining("did not answer --version within 300 ms");
		assertThat(ProcessHandle.current().children().filter((child) -> child.info()
			.commandLine()
			.orElse("")
			.contains("sleep 30"))).isEmpty();
	}

	@Test
	void binaryThatIsNotCloudflaredIsRefused() throws Exception {
		Path binary = script("other/cloudflared", "echo 'ngrok version 3.5.0'");
		assertThatExceptionOfType(TunnelStartException.class)
			.isThrownBy(() -> locator(binary.toString(), null).locate(TunnelMode.QUICK))
			.withMessageContaining("does not look like cloudflared");
	}

	private CloudflaredLocator locator(String configuredPath, String searchPath) {
		return new CloudflaredLocator(configuredPath, searchPath, this.temp.resolve("home"), TIMEOUT);
	}

	private Path script(String name, String body) throws IOException {
		Path script = this.temp.resolve(name);
		Files.createDirectories(script.getParent());
		Files.writeString(script, "#!/bin/sh\n" + body + "\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		return script;
	}

	private static void assumeNoSystemCloudflared() {
		for (String place : new String[] { "/usr/local/bin", "/opt/homebrew/bin", "/usr/bin" }) {
			assumeThat(Path.of(place, "cloudflared")).as("a cloudflared installed on this machine").doesNotExist();
		}
	}

}
