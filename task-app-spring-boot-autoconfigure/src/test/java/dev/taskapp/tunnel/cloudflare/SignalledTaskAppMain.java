package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.taskapp.inprocess.InProcessTaskApp;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TunnelMode;

/**
 * Run in a JVM of its own by {@link InProcessTaskAppSignalTests}: starts an in-process task
 * app with a quick tunnel of the stand-in cloudflared at {@code args[0]}, prints
 * {@code READY <url>} and waits to be stopped. Its {@code onStop} callback writes to
 * {@code args[1]} whether cloudflared and the server were still up when it ran.
 */
public final class SignalledTaskAppMain {

	private SignalledTaskAppMain() {
	}

	public static void main(String[] args) throws Exception {
		Path onStopFile = Path.of(args[1]);
		InProcessTaskApp app = InProcessTaskApp.builder()
			.config(ScriptedTaskApp.reactive())
			.port(Integer.parseInt(args[2]))
			.tunnelMode(TunnelMode.QUICK)
			.verifyTunnel(false)
			.apiKey("sk_signalled")
			.property("task-app.tunnel.cloudflared.path", args[0])
			.property("task-app.tunnel.cloudflared.grace-period", "3s")
			.onStop((stopping) -> report(stopping, onStopFile))
			.start();
		System.out.println("READY " + app.url());
		System.out.flush();
		Thread.currentThread().join();
	}

	private static void report(InProcessTaskApp app, Path file) {
		boolean cloudflaredAlive = ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive);
		boolean serverListening;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 2000);
			serverListening = true;
		}
		catch (IOException ex) {
			serverListening = false;
		}
		try {
			Files.writeString(file, "cloudflared-alive=" + cloudflaredAlive + "\nserver-listening=" + serverListening
					+ "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
