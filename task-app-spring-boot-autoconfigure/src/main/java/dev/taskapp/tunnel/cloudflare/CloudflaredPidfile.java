package dev.taskapp.tunnel.cloudflare;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What a pidfile records: which cloudflared this starter started, and which JVM started it,
 * each as a pid and a start instant so that a reused pid is never mistaken for them.
 *
 * @param pid cloudflared's pid
 * @param started when cloudflared started, if the platform tells
 * @param command the binary that was started
 * @param ownerPid the pid of the JVM that started it
 * @param ownerStarted when that JVM started, if the platform tells
 */
record CloudflaredPidfile(long pid, @Nullable Instant started, String command, long ownerPid,
		@Nullable Instant ownerStarted) {

	/**
	 * How far two readings of one process's start instant may differ.
	 */
	private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

	/**
	 * Describes a process this JVM just started.
	 * @param process the cloudflared process
	 * @param command the binary it runs
	 * @return the record
	 */
	static CloudflaredPidfile of(ProcessHandle process, String command) {
		ProcessHandle owner = ProcessHandle.current();
		return new CloudflaredPidfile(process.pid(), process.info().startInstant().orElse(null), command, owner.pid(),
				owner.info().startInstant().orElse(null));
	}

	/**
	 * Reads a pidfile's text.
	 * @param text what {@link #format()} wrote
	 * @return the record, or {@code null} if the text is not a complete pidfile
	 */
	static @Nullable CloudflaredPidfile parse(String text) {
		Map<String, String> values = new HashMap<>();
		text.lines().forEach((line) -> {
			int equals = line.indexOf('=');
			if (equals > 0) {
				values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
			}
		});
		try {
			String command = values.get("command");
			if (command == null || !values.containsKey("pid") || !values.containsKey("owner.pid")) {
				return null;
			}
			return new CloudflaredPidfile(Long.parseLong(values.get("pid")), instant(values.get("started")), command,
					Long.parseLong(values.get("owner.pid")), instant(values.get("owner.started")));
		}
		catch (NumberFormatException | DateTimeException ex) {
			return null;
		}
	}

	private static @Nullable Instant instant(@Nullable String text) {
		return (text == null || text.isEmpty()) ? null : Instant.parse(text);
	}

	/**
	 * Returns the text of the pidfile.
	 * @return the text
	 */
	String format() {
		return "pid=" + this.pid + "\nstarted=" + text(this.started) + "\ncommand=" + this.command + "\nowner.pid="
				+ this.ownerPid + "\nowner.started=" + text(this.ownerStarted) + "\n";
	}

	private static String text(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : "";
	}

	/**
	 * Returns whether the JVM that started cloudflared may still run: a live process with its
	 * pid and start instant. When either start instant is unknown, any live process with the
	 * pid counts, so that doubt never ends a process.
	 * @return whether the owner may be alive
	 */
	boolean ownerAlive() {
		Instant expected = this.ownerStarted;
		return ProcessHandle.of(this.ownerPid)
			.filter(ProcessHandle::isAlive)
			.filter((owner) -> expected == null || owner.info().startInstant().isEmpty() || sameStart(owner, expected))
			.isPresent();
	}

	/**
	 * Returns the recorded cloudflared if it still runs: a live process with its pid and its
	 * start instant. Without a recorded start instant nothing can be proven, so nothing is
	 * returned.
	 * @return the live process
	 */
	Optional<ProcessHandle> liveProcess() {
		Instant expected = this.started;
		if (expected == null) {
			return Optional.empty();
		}
		return ProcessHandle.of(this.pid)
			.filter(ProcessHandle::isAlive)
			.filter((process) -> sameStart(process, expected));
	}

	private static boolean sameStart(ProcessHandle process, Instant expected) {
		return process.info()
			.startInstant()
			.map((actual) -> Duration.between(actual, expected).abs().compareTo(START_TOLERANCE) <= 0)
			.orElse(false);
	}

}
