package dev.taskapp.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a server process, as {@code jcmd <pid> GC.class_histogram} reports it after
 * a full collection ({@code jcmd <pid> GC.run} first; the histogram collects again itself).
 */
final class HeapProbe {

	private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

	private final Path jcmd;

	HeapProbe(String java) {
		this.jcmd = Path.of(java).resolveSibling("jcmd");
	}

	/**
	 * The bytes of all live objects in the process.
	 * @param pid the server's process id
	 * @param histogramFile where the histogram is written, to compare the servers class by class
	 * @return the histogram's total bytes
	 */
	long liveBytes(long pid, Path histogramFile) {
		run(pid, "GC.run");
		String histogram = run(pid, "GC.class_histogram");
		try {
			Files.writeString(histogramFile, histogram);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Matcher total = TOTAL.matcher(histogram);
		if (!total.find()) {
			throw new IllegalStateException("No Total line in the class histogram of " + pid + ":\n"
					+ histogram.substring(0, Math.min(500, histogram.length())));
		}
		return Long.parseLong(total.group(2));
	}

	private String run(long pid, String command) {
		try {
			Process process = new ProcessBuilder(List.of(this.jcmd.toString(), Long.toString(pid), command))
				.redirectErrorStream(true)
				.start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("jcmd " + pid + " " + command + " failed: "
						+ new String(output, StandardCharsets.UTF_8));
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + this.jcmd, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running jcmd", ex);
		}
	}

}
