package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An executable script that runs {@link FakeCloudflared} in a JVM of its own, in one mode, and
 * reads the markers it leaves.
 *
 * @param path the script: what {@code task-app.tunnel.cloudflared.path} would name
 * @param markers where the fake writes its markers
 */
record FakeCloudflaredBinary(Path path, Path markers) {

	/**
	 * Writes the script.
	 * @param directory a fresh directory
	 * @param mode the fake's mode
	 * @return the binary
	 */
	static FakeCloudflaredBinary create(Path directory, String mode) {
		try {
			Path markers = Files.createDirectories(directory.resolve("markers"));
			Path script = directory.resolve("cloudflared");
			String java = ProcessHandle.current()
				.info()
				.command()
				.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			Files.writeString(script, "#!/bin/sh\n" + FakeCloudflared.MODE + "=" + quote(mode) + "\n"
					+ FakeCloudflared.MARKERS + "=" + quote(markers.toString()) + "\nexport " + FakeCloudflared.MODE
					+ " " + FakeCloudflared.MARKERS + "\nexec " + quote(java)
					+ " -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -XX:-UsePerfData -cp "
					+ quote(classpath()) + " " + FakeCloudflared.class.getName() + " \"$@\"\n", StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
			return new FakeCloudflaredBinary(script, markers);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String classpath() {
		try {
			return Path.of(FakeCloudflared.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String quote(String text) {
		return "'" + text.replace("'", "'\\''") + "'";
	}

	/**
	 * Returns the pids of every fake started so far.
	 * @return the pids
	 */
	List<Long> startedPids() {
		List<Long> pids = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.markers, "started-*")) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				if (!name.endsWith(".tmp")) {
					pids.add(Long.parseLong(name.substring("started-".length())));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pids;
	}

	/**
	 * Returns the arguments a fake was started with.
	 * @param pid its pid
	 * @return the arguments
	 */
	List<String> argumentsOf(long pid) {
		return read("started-" + pid).orElseThrow().lines().toList();
	}

	/**
	 * Returns the hostname a fake chose.
	 * @param pid its pid
	 * @return the hostname
	 */
	String hostnameOf(long pid) {
		return read("hostname-" + pid).orElseThrow();
	}

	/**
	 * Returns whether a fake received SIGTERM.
	 * @param pid its pid
	 * @return whether the signal arrived
	 */
	boolean sawSigterm(long pid) {
		return Files.exists(this.markers.resolve("sigterm-" + pid));
	}

	/**
	 * Returns whether a fake could log its graceful shutdown after SIGTERM, which a process
	 * whose output pipe was closed cannot.
	 * @param pid its pid
	 * @return whether the shutdown was logged
	 */
	boolean shutDownGracefully(long pid) {
		return Files.exists(this.markers.resolve("graceful-" + pid));
	}

	private Optional<String> read(String name) {
		Path file = this.markers.resolve(name);
		try {
			return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Kills every fake still running (a safety net for failed tests), then asserts that none is
	 * left.
	 */
	void assertNoProcessLeft() {
		List<Long> pids = startedPids();
		List<Long> alive = pids.stream().filter(FakeCloudflaredBinary::isAlive).toList();
		alive.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
		await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(FakeCloudflaredBinary::isAlive));
		assertThat(alive).as("fake cloudflared processes left running").isEmpty();
	}

	static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

}
