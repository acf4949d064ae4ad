package dev.taskapp.tracing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meters of the trace store's {@link TraceWriteQueue}: the gauge
 * {@code task.app.trace.store.queue.depth}, and the counters
 * {@code task.app.trace.store.written} and {@code task.app.trace.store.dropped} (tagged
 * {@code reason}: {@code queue_full}, {@code write_failed} or {@code closed}).
 */
public final class TraceStoreMeterBinder implements MeterBinder {

	/** Name of the queue depth gauge. */
	public static final String QUEUE_DEPTH = "task.app.trace.store.queue.depth";

	/** Name of the counter of written traces. */
	public static final String WRITTEN = "task.app.trace.store.written";

	/** Name of the counter of dropped traces. */
	public static final String DROPPED = "task.app.trace.store.dropped";

	private final TraceWriteQueue queue;

	/**
	 * Creates the binder.
	 * @param queue the queue to measure
	 */
	public TraceStoreMeterBinder(TraceWriteQueue queue) {
		this.queue = queue;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(QUEUE_DEPTH, this.queue, TraceWriteQueue::queueDepth)
			.description("Rollout traces waiting to be written")
			.register(registry);
		FunctionCounter.builder(WRITTEN, this.queue, TraceWriteQueue::written)
			.description("Rollout traces written by every trace writer")
			.register(registry);
		for (TraceWriteQueue.DropReason reason : TraceWriteQueue.DropReason.values()) {
			FunctionCounter.builder(DROPPED, this.queue, (queue) -> queue.dropped(reason))
				.description("Rollout traces dropped")
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

}
