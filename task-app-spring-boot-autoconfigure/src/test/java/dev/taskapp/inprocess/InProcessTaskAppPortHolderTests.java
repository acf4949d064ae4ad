package dev.taskapp.inprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.taskapp.testsupport.ScriptedTaskApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A busy port without auto-find-port names the process that holds it, with the command that
 * would free it, and never kills it. The port is held by a real child process.
 */
@EnabledOnOs(OS.LINUX)
class InProcessTaskAppPortHolderTests {

	private static final String SECRET = "sk_holder_secret_0123456789";

	private Process holder;

	@AfterEach
	void stopTheHolder() throws InterruptedException {
		if (this.holder != null) {
			this.holder.destroy();
			this.holder.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void aPortHeldByAnotherProcessIsReportedWithItsPidAndCommandLineAndTheProcessIsLeftAlone() throws Exception {
		int port = Leftovers.freePort();
		this.holder = holdPort(port);
		long pid = this.holder.pid();
		assertThatExceptionOfType(TaskAppStartException.class)
			.isThrownBy(() -> InProcessTaskApp.builder()
				.environment((name) -> null)
				.port(port)
				.autoFindPort(false)
				.config(ScriptedTaskApp.reactive())
				.start())
			.satisfies((ex) -> assertThat(ex.getMessage())
				.startsWith("Port " + port + " is in use. Set autoFindPort(true) to automatically find an available port.")
				.contains("It is held by pid " + pid + " (", PortHoldingMain.class.getName(), "--api-key=******")
				.contains("kill " + pid + ".")
				.doesNotContain(SECRET));
		assertThat(this.holder.isAlive()).as("the holder is never killed").isTrue();
	}

	private static Process holdPort(int port) throws IOException {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		Process process = new ProcessBuilder(java, "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), PortHoldingMain.class.getName(), Integer.toString(port),
				"--api-key=" + SECRET)
			.redirectErrorStream(true)
			.start();
		BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = reader.readLine();
		assertThat(line).as("the holder's first line").isEqualTo("LISTENING");
		return process;
	}

}
