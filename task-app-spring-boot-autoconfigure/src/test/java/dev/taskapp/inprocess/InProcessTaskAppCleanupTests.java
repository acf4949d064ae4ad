package dev.taskapp.inprocess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TunnelMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What an {@link InProcessTaskApp} leaves behind after it stopped, checked on the JVM: no
 * thread of its server or tunnel, no child process, and its port free again.
 */
class InProcessTaskAppCleanupTests {

	@Test
	void closeLeavesNothingBehind() {
		Leftovers before = Leftovers.snapshot();
		InProcessTaskApp app = InProcessTaskApp.builder()
			.port(Leftovers.freePort())
			.config(ScriptedTaskApp.reactive())
			.start();
		assertThat(before.newTaskAppThreads()).isNotEmpty();
		app.close();
		before.assertNothingLeftBehind(app.port());
	}

	@Test
	void startThatFailsAfterTheServerListensLeavesNothingBehind() {
		int port = Leftovers.freePort();
		int unreachable = Leftovers.freePort();
		Leftovers before = Leftovers.snapshot();
		assertThatExceptionOfType(TaskAppStartException.class)
			.isThrownBy(() -> InProcessTaskApp.builder()
				.port(port)
				.autoFindPort(false)
				.config(ScriptedTaskApp.reactive())
				.tunnelMode(TunnelMode.PRECONFIGURED)
				.preconfiguredUrl("http://127.0.0.1:" + unreachable)
				.property("task-app.tunnel.verify.timeout", "1s")
				.start())
			.withMessageStartingWith("The task app could not be made reachable: The public URL http://127.0.0.1:"
					+ unreachable + " did not answer /health with 200 within 1s")
			.withMessageContaining("task-app.tunnel.verify.timeout");
		before.assertNothingLeftBehind(port);
	}

	@Test
	void startThatFailsOnABusyPortLeavesNothingBehind() throws IOException {
		try (ServerSocket busy = new ServerSocket()) {
			busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Leftovers.freePort()));
			Leftovers before = Leftovers.snapshot();
			assertThatExceptionOfType(TaskAppStartException.class).isThrownBy(() -> InProcessTaskApp.builder()
				.port(busy.getLocalPort())
				.autoFindPort(false)
				.config(ScriptedTaskApp.reactive())
				.start());
			before.assertNoThreadOrProcessLeftBehind();
		}
	}

	@Test
	void startThatFailsBeforeTheServerLeavesNothingBehind() {
		int port = Leftovers.freePort();
		Leftovers before = Leftovers.snapshot();
		assertThatExceptionOfType(TaskAppStartException.class)
			.isThrownBy(() -> InProcessTaskApp.builder().port(port).configSupplier(() -> {
				throw new IllegalStateException("no config");
			}).start());
		before.assertNothingLeftBehind(port);
	}

}
