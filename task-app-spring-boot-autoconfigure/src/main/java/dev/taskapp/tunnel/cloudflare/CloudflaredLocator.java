package dev.taskapp.tunnel.cloudflare;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * Finds the cloudflared binary and checks that it runs: the configured path
 * ({@code task-app.tunnel.cloudflared.path}), else the {@code PATH}, else the usual install
 * places; then {@code cloudflared --version} must answer within a few seconds.
 */
final class CloudflaredLocator {

	static final String INSTALL_URL = "https://developers.cloudflare.com/cloudflare-one/connections/connect-apps"
			+ "/install-and-setup/installation";

	static final Duration DEFAULT_VERSION_TIMEOUT = Duration.ofSeconds(5);

	private static final String ADVICE = ". Install cloudflared (" + INSTALL_URL
			+ "), or set task-app.tunnel.cloudflared.path to its location.";

	private static final int MAX_VERSION_OUTPUT = 4096;

	private final @Nullable String configuredPath;

	private final @Nullable String searchPath;

	private final Path home;

	private final Duration versionTimeout;

	/**
	 * Creates a locator that searches this machine's {@code PATH} and install places.
	 * @param configuredPath the configured binary, or {@code null} to search
	 */
	CloudflaredLocator(@Nullable String configuredPath) {
		this(configuredPath, System.getenv("PATH"), Path.of(System.getProperty("user.home")), DEFAULT_VERSION_TIMEOUT);
	}

	CloudflaredLocator(@Nullable String configuredPath, @Nullable String searchPath, Path home,
			Duration versionTimeout) {
		this.configuredPath = (configuredPath != null && !configuredPath.isBlank()) ? configuredPath.trim() : null;
		this.searchPath = searchPath;
		this.home = home;
		this.versionTimeout = versionTimeout;
	}

	/**
	 * Finds cloudflared and runs its {@code --version}.
	 * @param mode the mode that needs it, for the exception
	 * @return the binary and its version
	 * @throws TunnelStartException with {@link Reason#CLOUDFLARED_MISSING} if there is no usable
	 * binary
	 * @throws InterruptedException if interrupted while waiting for {@code --version}
	 */
	CloudflaredBinary locate(TunnelMode mode) throws TunnelStartException, InterruptedException {
		Path binary = find(mode);
		return new CloudflaredBinary(binary, version(binary, mode));
	}

	/**
	 * Finds the binary without running it.
	 * @param mode the mode that needs it, for the exception
	 * @return the path of an executable file
	 * @throws TunnelStartException with {@link Reason#CLOUDFLARED_MISSING} if none is found
	 */
	Path find(TunnelMode mode) throws TunnelStartException {
		if (this.configuredPath != null) {
			Path configured;
			try {
				configured = Path.of(this.configuredPath);
			}
			catch (InvalidPathException ex) {
				throw missing(mode, "task-app.tunnel.cloudflared.path '" + this.configuredPath + "' is not a valid path");
			}
			if (!Files.isRegularFile(configured)) {
				throw missing(mode, "task-app.tunnel.cloudflared.path names " + configured + ", which does not exist");
			}
			if (!Files.isExecutable(configured)) {
				throw missing(mode, "task-app.tunnel.cloudflared.path names " + configured + ", which is not executable");
			}
			return configured;
		}
		for (Path candidate : candidates()) {
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw missing(mode, "cloudflared was not found on the PATH nor in " + String.join(", ", installPlaces()));
	}

	List<Path> candidates() {
		List<Path> candidates = new ArrayList<>();
		if (this.searchPath != null) {
			for (String entry : this.searchPath.split(File.pathSeparator)) {
				if (!entry.isBlank()) {
					addCandidate(candidates, entry);
				}
			}
		}
		for (String place : installPlaces()) {
			addCandidate(candidates, place);
		}
		return candidates;
	}

	private void addCandidate(List<Path> candidates, String directory) {
		try {
			Path candidate = Path.of(directory).resolve(executableName());
			if (!candidates.contains(candidate)) {
				candidates.add(candidate);
			}
		}
		catch (InvalidPathException ex) {
			// An unusable PATH entry: skip it, as a shell would.
		}
	}

	private List<String> installPlaces() {
		return List.of("/usr/local/bin", "/opt/homebrew/bin", "/usr/bin", this.home.resolve("bin").toString(),
				this.home.resolve(".local/bin").toString(), this.home.resolve(".cloudflared/bin").toString(),
				this.home.resolve(".synth-ai/bin").toString());
	}

	private static String executableName() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "cloudflared.exe"
				: "cloudflared";
	}

	private String version(Path binary, TunnelMode mode) throws TunnelStartException, InterruptedException {
		Process process;
		try {
			process = new ProcessBuilder(List.of(binary.toString(), "--version")).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw missing(mode, "cloudflared at " + binary + " could not be run (" + ex.getMessage() + ")");
		}
		CompletableFuture<String> output = readOutput(process.getInputStream());
		try {
			if (!process.waitFor(this.versionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw missing(mode, "cloudflared at " + binary + " did not answer --version within "
						+ this.versionTimeout.toMillis() + " ms");
			}
			String text = output.get(1, TimeUnit.SECONDS).strip();
			if (process.exitValue() != 0) {
				throw missing(mode, "'" + binary + " --version' failed with exit code " + process.exitValue()
						+ (text.isEmpty() ? "" : ": " + text));
			}
			if (!text.toLowerCase(Locale.ROOT).contains("cloudflared")) {
				throw missing(mode, binary + " does not look like cloudflared: '--version' printed '" + text + "'");
			}
			return text.lines().findFirst().orElse(text);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw missing(mode, "the output of '" + binary + " --version' could not be read");
		}
		finally {
			kill(process);
		}
	}

	private static void kill(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
		try {
			process.waitFor(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static CompletableFuture<String> readOutput(InputStream stream) {
		CompletableFuture<String> result = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (stream) {
				byte[] bytes = stream.readNBytes(MAX_VERSION_OUTPUT);
				result.complete(new String(bytes, StandardCharsets.UTF_8));
				stream.transferTo(OutputStream.nullOutputStream());
			}
			catch (IOException ex) {
				result.complete("");
			}
		}, "cloudflared-version");
		reader.setDaemon(true);
		reader.start();
		return result;
	}

	private static TunnelStartException missing(TunnelMode mode, String problem) {
		return new TunnelStartException(Reason.CLOUDFLARED_MISSING, mode, problem + ADVICE);
	}

}
