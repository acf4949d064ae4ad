package dev.taskapp.tracing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes one SFT JSONL record per LM call (the request messages plus the assistant's answer or
 * tool calls, see {@link SftRecords}) to {@code <app id>_<start time>.jsonl} in a directory,
 * created when needed. One file per run of the task app, appended to and flushed after every
 * batch. synth-ai writes one file per rollout instead
 * ({@code unique_sft_path} in {@code synth_ai/sdk/task/tracing_utils.py}); one file per run
 * keeps the directory usable as a fine-tuning data set as it is.
 */
public final class SftJsonlWriter implements TraceBatchWriter {

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss")
		.withZone(ZoneId.systemDefault());

	private final Path file;

	private @Nullable BufferedWriter writer;

	/**
	 * Creates a writer.
	 * @param directory the directory of the JSONL file
	 * @param appId the task app's id, the start of the file name
	 */
	public SftJsonlWriter(Path directory, String appId) {
		String safeId = appId.replaceAll("[^A-Za-z0-9._-]", "_");
		this.file = directory.resolve(safeId + "_" + FILE_TIME.format(Instant.now()) + ".jsonl");
	}

	@Override
	public String name() {
		return "sft";
	}

	/**
	 * Returns the file written.
	 * @return the JSONL file
	 */
	public Path file() {
		return this.file;
	}

	@Override
	public void write(List<RolloutTrace> batch) throws IOException {
		BufferedWriter out = writer();
		try {
			for (RolloutTrace trace : batch) {
				for (Map<String, Object> record : SftRecords.of(trace)) {
					out.write(TraceJson.write(record));
					out.write('\n');
				}
			}
			out.flush();
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private BufferedWriter writer() throws IOException {
		BufferedWriter current = this.writer;
		if (current == null) {
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			current = Files.newBufferedWriter(this.file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
			this.writer = current;
		}
		return current;
	}

	@Override
	public void close() throws IOException {
		BufferedWriter current = this.writer;
		this.writer = null;
		if (current != null) {
			current.close();
		}
	}

	@Override
	public String toString() {
		return "SftJsonlWriter[" + this.file + "]";
	}

}
