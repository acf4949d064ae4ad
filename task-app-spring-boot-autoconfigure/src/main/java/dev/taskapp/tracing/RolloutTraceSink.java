package dev.taskapp.tracing;

/**
 * Where the traces of finished rollouts go. Called on the event loop once per rollout, so an
 * implementation must never block: hand the trace to another thread or drop it.
 *
 * @see TraceWriteQueue
 */
@FunctionalInterface
public interface RolloutTraceSink {

	/**
	 * Offers the trace of a finished rollout.
	 * @param trace the trace
	 * @return whether the trace was accepted; a trace that is not accepted is dropped
	 */
	boolean offer(RolloutTrace trace);

}
