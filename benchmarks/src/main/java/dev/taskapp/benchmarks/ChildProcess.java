package dev.taskapp.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A process the runner started: its output drained on its own thread into a log file (the
 * last lines kept for error messages), the moment a ready line appeared, its resident set
 * size, and a stop that sends {@code SIGTERM} and then kills. Every live child is listed in a
 * pid file so that {@code run.sh} (or the next run) can end what a killed runner left behind;
 * a JVM child carries {@link #MARKER} on its command line, and wrk runs a {@code wrk-*.lua}
 * script of ours, so that only our own processes are ever ended.
 */
final class ChildProcess implements AutoCloseable {

	/** System property put on the command line of every child JVM. */
	static final String MARKER = "-Dtaskapp.benchmark.child=true";

	private static final List<ChildProcess> LIVE = new CopyOnWriteArrayList<>();

	private static final int TAIL_LINES = 40;

	private static volatile @Nullable Path pidFile;

	private final String name;

	private final Process process;

	private final long startNanos;

	private final @Nullable Pattern readyPattern;

	private final CountDownLatch ready = new CountDownLatch(1);

	private final CountDownLatch drained = new CountDownLatch(1);

	private final Deque<String> tail = new ArrayDeque<>();

	private final java.util.concurrent.atomic.LongAdder outOfMemoryLines = new java.util.concurrent.atomic.LongAdder();

	private final List<String> matched = new CopyOnWriteArrayList<>();

	private final @Nullable Pattern capturePattern;

	private volatile long readyNanos = -1;

	private volatile @Nullable Matcher readyMatch;

	private ChildProcess(String name, Process process, long startNanos, @Nullable Pattern readyPattern,
			@Nullable Pattern capturePattern) {
		this.name = name;
		this.process = process;
		this.startNanos = startNanos;
		this.readyPattern = readyPattern;
		this.capturePattern = capturePattern;
	}

	/**
	 * Sets the file the pids of live children are written to.
	 * @param file the pid file
	 */
	static void usePidFile(Path file) {
		pidFile = file;
		killStale(file);
		writePidFile();
	}

	/**
	 * Starts a process.
	 * @param name a short name for messages
	 * @param command the command, as an argument array
	 * @param log where its output goes
	 * @param readyPattern the line that says it is ready, or {@code null}
	 * @param capturePattern lines to keep (see {@link #captured()}), or {@code null}
	 * @param environment extra environment variables
	 * @return the started process
	 */
	static ChildProcess start(String name, List<String> command, Path log, @Nullable Pattern readyPattern,
			@Nullable Pattern capturePattern, Map<String, String> environment) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		builder.redirectInput(ProcessBuilder.Redirect.PIPE);
		long start = System.nanoTime();
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + name + ": " + String.join(" ", command), ex);
		}
		ChildProcess child = new ChildProcess(name, process, start, readyPattern, capturePattern);
		LIVE.add(child);
		writePidFile();
		Thread drainer = new Thread(() -> child.drain(log), "drain-" + name);
		drainer.setDaemon(true);
		drainer.start();
		return child;
	}

	private void drain(Path log) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				PrintWriter writer = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				long now = System.nanoTime();
				if (this.readyNanos < 0 && this.readyPattern != null) {
					Matcher matcher = this.readyPattern.matcher(line);
					if (matcher.find()) {
						this.readyMatch = matcher;
						this.readyNanos = now;
						this.ready.countDown();
					}
				}
				if (line.contains("OutOfMemoryError")) {
					this.outOfMemoryLines.increment();
				}
				if (this.capturePattern != null && this.capturePattern.matcher(line).find()) {
					this.matched.add(line);
				}
				writer.println(line);
				writer.flush();
				synchronized (this.tail) {
					if (this.tail.size() == TAIL_LINES) {
						this.tail.removeFirst();
					}
					this.tail.addLast(line);
				}
			}
		}
		catch (IOException ex) {
			// the process went away
		}
		finally {
			this.drained.countDown();
			this.ready.countDown();
		}
	}

	/**
	 * Waits for the ready line.
	 * @param timeout the longest wait
	 * @return the match of the ready pattern
	 * @throws IllegalStateException with the tail of the output when the process exited or
	 * the time ran out
	 */
	Matcher awaitReady(Duration timeout) {
		try {
			this.ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Matcher match = this.readyMatch;
		if (match == null) {
			String why = this.process.isAlive() ? "did not become ready within " + timeout.toSeconds() + " s"
					: "exited with status " + exitValue();
			throw new IllegalStateException(this.name + " " + why + ". Last output:\n" + tail());
		}
		return match;
	}

	private String exitValue() {
		try {
			return Integer.toString(this.process.exitValue());
		}
		catch (IllegalThreadStateException ex) {
			return "?";
		}
	}

	/**
	 * Returns the time from launch to the ready line.
	 * @return the time, or {@code null} when not ready yet
	 */
	@Nullable Duration startToReady() {
		long ready = this.readyNanos;
		return (ready < 0) ? null : Duration.ofNanos(ready - this.startNanos);
	}

	long startNanos() {
		return this.startNanos;
	}

	long pid() {
		return this.process.pid();
	}

	String name() {
		return this.name;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	List<String> captured() {
		return this.matched;
	}

	/**
	 * Waits for the process to exit by itself.
	 * @param timeout the longest wait
	 * @return its exit status, or {@code null} when it still runs
	 */
	@Nullable Integer waitFor(Duration timeout) {
		try {
			if (this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.drained.await(2, TimeUnit.SECONDS);
				return this.process.exitValue();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return null;
	}

	/**
	 * Returns the CPU time the process has used so far, user and system.
	 * @return the time, zero when the platform does not report it
	 */
	Duration cpuTime() {
		return this.process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/**
	 * Returns the resident set size ({@code VmRSS}) of the process.
	 * @return the size in KiB, or -1 when it cannot be read
	 */
	long rssKiB() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.substring(6).replace("kB", "").strip());
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// gone, or not Linux
		}
		return -1;
	}

	/**
	 * Returns how many lines of the process's output so far named an {@code OutOfMemoryError}.
	 * @return the count
	 */
	long outOfMemoryLines() {
		return this.outOfMemoryLines.sum();
	}

	String tail() {
		synchronized (this.tail) {
			return "    " + String.join("\n    ", this.tail);
		}
	}

	/**
	 * Stops the process: {@code SIGTERM}, then a kill after the grace period.
	 */
	@Override
	public void close() {
		stop(Duration.ofSeconds(15));
	}

	void stop(Duration grace) {
		try {
			if (this.process.isAlive()) {
				this.process.destroy();
				if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
					this.process.destroyForcibly();
					this.process.waitFor(5, TimeUnit.SECONDS);
				}
			}
			this.drained.await(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		finally {
			LIVE.remove(this);
			writePidFile();
		}
	}

	/**
	 * Stops every live child; used by the shutdown hook.
	 */
	static void stopAll() {
		List<ChildProcess> children = new ArrayList<>(LIVE);
		children.forEach((child) -> child.process.destroy());
		for (ChildProcess child : children) {
			child.stop(Duration.ofSeconds(5));
		}
	}

	private static synchronized void writePidFile() {
		Path file = pidFile;
		if (file == null) {
			return;
		}
		List<String> pids = new ArrayList<>();
		LIVE.forEach((child) -> pids.add(Long.toString(child.pid())));
		try {
			if (pids.isEmpty()) {
				Files.deleteIfExists(file);
			}
			else {
				Files.write(file, pids, StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			// best effort
		}
	}

	private static void killStale(Path file) {
		if (!Files.isRegularFile(file)) {
			return;
		}
		try {
			for (String line : Files.readAllLines(file)) {
				if (line.isBlank()) {
					continue;
				}
				Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(line.strip()));
				handle.filter(ChildProcess::isOurs).ifPresent((stale) -> {
					System.out.println("Stopping process " + stale.pid() + " left behind by an earlier run");
					stale.destroy();
					try {
						stale.onExit().get(5, TimeUnit.SECONDS);
					}
					catch (Exception ex) {
						stale.destroyForcibly();
					}
				});
			}
		}
		catch (IOException | NumberFormatException ex) {
			// nothing to clean
		}
	}

	private static boolean isOurs(ProcessHandle handle) {
		List<String> args = handle.info().arguments().map(List::of).orElse(List.of());
		boolean wrk = handle.info().command().map((command) -> command.endsWith("/wrk")).orElse(false)
				&& args.stream().anyMatch((arg) -> arg.matches(".*/wrk-[^/]*\\.lua"));
		return wrk || args.contains(MARKER);
	}

}
