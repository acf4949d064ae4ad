package dev.taskapp.tracing;

import java.util.List;

/**
 * Writes batches of rollout traces somewhere durable, on the {@link TraceWriteQueue}'s writer
 * thread. A writer is used by that one thread only, so it needs no locking; it opens what it
 * writes to when first needed and again after a failure.
 */
public interface TraceBatchWriter {

	/**
	 * Returns a short name of the writer for metrics and log lines, such as {@code sqlite}.
	 * @return the name
	 */
	String name();

	/**
	 * Writes a batch, all or nothing where the target allows it.
	 * @param batch the traces, in the order they were accepted
	 * @throws Exception if the batch could not be written
	 */
	void write(List<RolloutTrace> batch) throws Exception;

	/**
	 * Opens what the writer writes to ahead of the first batch, such as a database whose
	 * schema must be migrated first, so that the task app does not serve rollouts whose traces
	 * would wait on it. Called once, before the writer thread starts; a failure is logged and
	 * the first batch tries again.
	 * @throws Exception if it cannot be opened now
	 */
	default void prepare() throws Exception {
	}

	/**
	 * Releases what the writer holds open. Called once, after the last batch.
	 * @throws Exception if releasing fails
	 */
	default void close() throws Exception {
	}

}
