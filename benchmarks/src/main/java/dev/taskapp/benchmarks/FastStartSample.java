package dev.taskapp.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample prepared for a fast start, as the root README describes: the jar extracted,
 * Spring AOT's generated code switched on ({@code -Dspring.aot.enabled=true}), and a
 * class-data archive from a training run that is stopped once the task app is reachable, so
 * that the archive also holds what the local server, the first {@code /health} round trip and
 * the tunnel manager load: a CDS archive on JDK 17 to 24, an AOT cache ({@code -XX:AOTCache})
 * on JDK 25 and newer.
 *
 * @param jar the extracted application jar
 * @param jvmOptions the JVM options that use the archive and the AOT code
 * @param description what was prepared, for the report
 */
record FastStartSample(Path jar, List<String> jvmOptions, String description) {

	private static final Pattern JAVA_VERSION = Pattern.compile("version \"(\\d+)");

	static FastStartSample prepare(String java, List<String> jvmOptions, Path sampleJar, Path directory,
			List<String> trainingArguments, Pattern ready, Path log) {
		try {
			deleteRecursively(directory);
			Files.createDirectories(directory);
			run(List.of(java, "-Djarmode=tools", "-jar", sampleJar.toString(), "extract", "--destination",
					directory.toString()), log);
			Path jar = directory.resolve(sampleJar.getFileName());
			int feature = javaFeatureVersion(java, log);
			boolean aotCache = feature >= 25;
			Path archive = directory.resolve(aotCache ? "sample.aot" : "sample.jsa");
			List<String> training = new ArrayList<>(List.of(java));
			training.addAll(jvmOptions);
			training.addAll(List.of("-Dspring.aot.enabled=true",
					(aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive, "-jar",
					jar.toString()));
			training.addAll(trainingArguments);
			runUntilReadyThenStop(training, ready, log);
			if (!Files.isRegularFile(archive)) {
				throw new IllegalStateException("The training run wrote no archive " + archive + "; see " + log);
			}
			List<String> options = List.of("-Dspring.aot.enabled=true",
					(aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
			return new FastStartSample(jar, options,
					"extracted jar + Spring AOT + " + (aotCache ? "AOT cache" : "CDS archive") + " (JDK " + feature
							+ ")");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int javaFeatureVersion(String java, Path log) throws IOException {
		String output = run(List.of(java, "-version"), log);
		Matcher matcher = JAVA_VERSION.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("Cannot tell the version of " + java + " from: " + output);
		}
		int major = Integer.parseInt(matcher.group(1));
		return (major == 1) ? 8 : major;
	}

	/**
	 * Runs the training until its output matches {@code ready}, then stops it as a service
	 * manager would ({@code SIGTERM}); the JVM writes the archive as it exits.
	 */
	private static void runUntilReadyThenStop(List<String> command, Pattern ready, Path log) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		StringBuilder output = new StringBuilder();
		try {
			boolean reachedReady = false;
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					output.append(line).append('\n');
					if (!reachedReady && ready.matcher(line).find()) {
						reachedReady = true;
						process.toHandle().destroy();
					}
				}
			}
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("Timed out: " + String.join(" ", command));
			}
			Files.writeString(log, "$ " + String.join(" ", command) + "\n" + output + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			if (!reachedReady) {
				throw new IllegalStateException("The training run exited with " + process.exitValue()
						+ " before it was ready: " + String.join(" ", command) + "; see " + log);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static String run(List<String> command, Path log) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("Timed out: " + String.join(" ", command));
			}
			String text = new String(output, StandardCharsets.UTF_8);
			Files.writeString(log, "$ " + String.join(" ", command) + "\n" + text + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						"Exit " + process.exitValue() + ": " + String.join(" ", command) + "; see " + log);
			}
			return text;
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (var paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
