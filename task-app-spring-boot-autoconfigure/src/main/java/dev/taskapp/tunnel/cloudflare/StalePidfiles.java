package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Ends the cloudflared processes that a JVM which was killed left behind, using their
 * pidfiles. A process is stopped only when all of this holds: the JVM that started it no
 * longer runs, a live process has the recorded pid and start instant, and its command line
 * names cloudflared or the recorded binary. Anything else is never touched; pidfiles that
 * cannot be read or whose process is gone are removed.
 */
final class StalePidfiles {

	private static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(StalePidfiles.class);

	private final CloudflaredWorkDirectory workDirectory;

	private final Duration gracePeriod;

	StalePidfiles(CloudflaredWorkDirectory workDirectory, Duration gracePeriod) {
		this.workDirectory = workDirectory;
		this.gracePeriod = gracePeriod;
	}

	/**
	 * Looks at every pidfile and ends what was left behind.
	 * @return how many processes were stopped
	 */
	int clean() {
		int stopped = 0;
		for (Path file : this.workDirectory.pidfiles()) {
			if (clean(file)) {
				stopped++;
			}
		}
		return stopped;
	}

	private boolean clean(Path file) {
		CloudflaredPidfile pidfile = read(file);
		if (pidfile != null && pidfile.ownerAlive()) {
			return false;
		}
		boolean stopped = false;
		if (pidfile != null) {
			ProcessHandle process = pidfile.liveProcess().filter((candidate) -> isCloudflared(candidate, pidfile))
				.orElse(null);
			if (process != null) {
				logger.warn("Stopping cloudflared (pid " + process.pid() + ") left running by JVM " + pidfile.ownerPid()
						+ ", which is gone");
				stop(process);
				stopped = true;
			}
		}
		delete(file);
		return stopped;
	}

	private static @Nullable CloudflaredPidfile read(Path file) {
		try {
			return CloudflaredPidfile.parse(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			return null;
		}
	}

	static boolean isCloudflared(ProcessHandle process, CloudflaredPidfile pidfile) {
		ProcessHandle.Info info = process.info();
		String commandLine = info.commandLine().orElseGet(() -> info.command().orElse(""));
		return commandLine.toLowerCase(Locale.ROOT).contains("cloudflared") || commandLine.contains(pidfile.command());
	}

	private void stop(ProcessHandle process) {
		process.destroy();
		if (!awaitExit(process, this.gracePeriod)) {
			process.destroyForcibly();
			if (!awaitExit(process, KILL_WAIT)) {
				logger.warn("cloudflared (pid " + process.pid() + ") is still running after it was killed");
			}
		}
	}

	private static boolean awaitExit(ProcessHandle process, Duration timeout) {
		try {
			process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
		catch (ExecutionException | TimeoutException ex) {
			return !process.isAlive();
		}
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.debug("Could not delete the pidfile " + file, ex);
		}
	}

}
