package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A running cloudflared: started from an argument array with an isolated environment, its
 * stdout and stderr drained on daemon threads for its whole life (into a bounded
 * {@link OutputTail}, a DEBUG log and a line listener), recorded in a pidfile, and stopped
 * with SIGTERM, then a kill after a grace period.
 */
final class CloudflaredProcess {

	/** Longest line kept; the rest of a longer line is dropped. */
	static final int MAX_LINE_LENGTH = 4096;

	private static final String REDACTED = "******";

	private static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private static final Duration DRAIN_WAIT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(CloudflaredProcess.class);

	private final Process process;

	private final OutputTail output;

	private final List<Thread> drainers;

	private final @Nullable Path pidfile;

	private final AtomicBoolean stopping = new AtomicBoolean();

	private CloudflaredProcess(Process process, OutputTail output, List<Thread> drainers, @Nullable Path pidfile) {
		this.process = process;
		this.output = output;
		this.drainers = drainers;
		this.pidfile = pidfile;
	}

	/**
	 * Starts a process with the {@link #childEnvironment child environment}.
	 * @param command the binary and its arguments
	 * @param environment variables to add, such as {@code TUNNEL_TOKEN}
	 * @param secrets values to mask in every line of output
	 * @param output where the last lines are kept
	 * @param lines called with every line, from the drain threads
	 * @param workDirectory where the pidfile is written
	 * @return the running process
	 * @throws IOException if the process cannot be started
	 */
	static CloudflaredProcess start(List<String> command, Map<String, String> environment, List<String> secrets,
			OutputTail output, Consumer<String> lines, CloudflaredWorkDirectory workDirectory) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command);
		Map<String, String> childEnvironment = childEnvironment(builder.environment(), environment);
		builder.environment().clear();
		builder.environment().putAll(childEnvironment);
		Process process = builder.start();
		try {
			closeStdin(process);
			Consumer<String> sink = (line) -> {
				String masked = mask(line, secrets);
				output.add(masked);
				if (logger.isDebugEnabled()) {
					logger.debug("cloudflared[" + process.pid() + "] " + masked);
				}
				lines.accept(masked);
			};
			List<Thread> drainers = List.of(drain(process.getInputStream(), sink, process.pid() + "-stdout"),
					drain(process.getErrorStream(), sink, process.pid() + "-stderr"));
			Path pidfile = workDirectory.write(CloudflaredPidfile.of(process.toHandle(), command.get(0)));
			return new CloudflaredProcess(process, output, drainers, pidfile);
		}
		catch (RuntimeException | Error ex) {
			process.toHandle().destroyForcibly();
			throw ex;
		}
	}

	private static void closeStdin(Process process) {
		try {
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Nothing is ever written to cloudflared; a failed close changes nothing.
		}
	}

	/**
	 * Returns the environment of a cloudflared: the inherited one without the {@code TUNNEL_*}
	 * variables, which cloudflared reads as flags, plus the given ones.
	 * @param inherited the environment of this process
	 * @param added the variables to add
	 * @return the child's environment
	 */
	static Map<String, String> childEnvironment(Map<String, String> inherited, Map<String, String> added) {
		Map<String, String> environment = new HashMap<>(inherited);
		environment.keySet().removeIf((name) -> name.startsWith("TUNNEL_"));
		environment.putAll(added);
		return environment;
	}

	private static String mask(String line, List<String> secrets) {
		String masked = line;
		for (String secret : secrets) {
			if (!secret.isEmpty()) {
				masked = masked.replace(secret, REDACTED);
			}
		}
		return masked;
	}

	private static Thread drain(InputStream stream, Consumer<String> sink, String name) {
		Thread thread = new Thread(() -> {
			try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
				readLines(reader, sink);
			}
			catch (IOException ex) {
				// The process ended and its pipe closed.
			}
		}, "cloudflared-" + name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/**
	 * Reads lines until the end of the stream, keeping at most {@link #MAX_LINE_LENGTH}
	 * characters of each.
	 * @param reader the stream
	 * @param sink receives each line
	 * @throws IOException if reading fails
	 */
	static void readLines(Reader reader, Consumer<String> sink) throws IOException {
		StringBuilder line = new StringBuilder();
		char[] buffer = new char[8192];
		int read;
		while ((read = reader.read(buffer)) != -1) {
			for (int i = 0; i < read; i++) {
				char c = buffer[i];
				if (c == '\n') {
					sink.accept(line.toString());
					line.setLength(0);
				}
				else if (c != '\r' && line.length() < MAX_LINE_LENGTH) {
					line.append(c);
				}
			}
		}
		if (line.length() > 0) {
			sink.accept(line.toString());
		}
	}

	/**
	 * Returns the process id.
	 * @return the pid
	 */
	long pid() {
		return this.process.pid();
	}

	/**
	 * Returns whether the process still runs.
	 * @return whether it is alive
	 */
	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Returns a future completed when the process exits.
	 * @return the exit future
	 */
	CompletableFuture<Process> onExit() {
		return this.process.onExit();
	}

	/**
	 * Returns the exit code.
	 * @return the exit code, or {@code null} while the process runs
	 */
	@Nullable Integer exitCode() {
		return this.process.isAlive() ? null : this.process.exitValue();
	}

	/**
	 * Returns the last lines of output.
	 * @param count how many lines at most
	 * @return the lines, joined by line breaks
	 */
	String tail(int count) {
		return this.output.last(count);
	}

	/**
	 * Returns the pidfile.
	 * @return the pidfile, or {@code null} if none was written
	 */
	@Nullable Path pidfile() {
		return this.pidfile;
	}

	/**
	 * Stops the process and everything it started: SIGTERM, up to the grace period to exit,
	 * then a kill. Waits for the output to be drained and removes the pidfile. Only the first
	 * call does anything; interruption shortens the wait to the kill.
	 * @param gracePeriod how long the process has to exit after SIGTERM
	 */
	void stop(Duration gracePeriod) {
		if (!this.stopping.compareAndSet(false, true)) {
			return;
		}
		boolean interrupted = false;
		// Signals go through the ProcessHandle: Process.destroy() also closes the pipes, and
		// cloudflared, like any Go program, dies of SIGPIPE when it then logs its shutdown.
		ProcessHandle handle = this.process.toHandle();
		List<ProcessHandle> descendants = handle.descendants().toList();
		if (handle.isAlive()) {
			handle.destroy();
			descendants.forEach(ProcessHandle::destroy);
			try {
				if (!awaitExit(gracePeriod)) {
					logger.warn("cloudflared (pid " + pid() + ") did not stop within " + gracePeriod.toMillis()
							+ " ms of SIGTERM; killing it");
				}
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (handle.isAlive()) {
			handle.destroyForcibly();
		}
		descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
		try {
			if (!awaitExit(KILL_WAIT)) {
				logger.warn("cloudflared (pid " + pid() + ") is still running after it was killed");
			}
			for (Thread drainer : this.drainers) {
				drainer.join(DRAIN_WAIT.toMillis());
			}
		}
		catch (InterruptedException ex) {
			interrupted = true;
		}
		deletePidfile();
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean awaitExit(Duration timeout) throws InterruptedException {
		try {
			this.process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return !this.process.isAlive();
		}
	}

	private void deletePidfile() {
		if (this.pidfile != null) {
			try {
				Files.deleteIfExists(this.pidfile);
			}
			catch (IOException ex) {
				logger.debug("Could not delete the pidfile " + this.pidfile, ex);
			}
		}
	}

}
