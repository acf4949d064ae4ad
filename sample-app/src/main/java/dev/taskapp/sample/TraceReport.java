package dev.taskapp.sample;

import java.nio.file.Path;

import dev.taskapp.tracing.TraceStoreReader;

/**
 * Lists the most recent rollouts of a trace store with their rewards, and optionally exports
 * the model calls of the rollouts rewarded 1.0 as SFT JSONL.
 * <p>
 * Usage: {@code java -cp sample-app.jar -Dloader.main=dev.taskapp.sample.TraceReport
 * org.springframework.boot.loader.launch.PropertiesLauncher [database] [sft-output.jsonl]}.
 */
public final class TraceReport {

	private static final String DEFAULT_DATABASE = "traces/task_app_traces.db";

	private TraceReport() {
	}

	/**
	 * Prints the report.
	 * @param args the database path (default {@code traces/task_app_traces.db}) and, optionally,
	 * the SFT JSONL file to write
	 * @throws Exception if the store cannot be read or the file written
	 */
	public static void main(String[] args) throws Exception {
		TraceStoreReader store = new TraceStoreReader(Path.of((args.length > 0) ? args[0] : DEFAULT_DATABASE));
		for (TraceStoreReader.StoredRollout rollout : store.recentRollouts(20)) {
			System.out.printf("%s  %-24s  %-10s  reward=%s  lm_calls=%d%n", rollout.createdAt(), rollout.runId(),
					rollout.outcome(), rollout.reward(), rollout.lmCalls());
		}
		if (args.length > 1) {
			Path output = Path.of(args[1]);
			System.out.println("Wrote " + store.exportSft(output, 1.0) + " SFT records to " + output);
		}
	}

}
