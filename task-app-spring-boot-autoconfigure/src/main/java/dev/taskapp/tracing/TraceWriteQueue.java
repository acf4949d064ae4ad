package dev.taskapp.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Hands the traces of finished rollouts to the {@link TraceBatchWriter}s off the event loop: a
 * bounded queue drained by one writer thread in batches.
 * <p>
 * {@link #offer(RolloutTrace)} never blocks: when the queue is full the trace is dropped,
 * counted ({@link DropReason#QUEUE_FULL}) and a warning is logged once. A batch a writer fails
 * to write is dropped and counted ({@link DropReason#WRITE_FAILED}); the failure is logged at
 * WARN once, then at debug level until the writer succeeds again. Nothing here ever fails a
 * rollout.
 * <p>
 * As a {@link SmartLifecycle} it starts before the web server and stops after it
 * ({@link #PHASE}): rollouts still running during the server's graceful shutdown are
 * accepted, and stopping writes every trace accepted before it returns (within Spring's
 * shutdown phase timeout).
 */
public final class TraceWriteQueue implements RolloutTraceSink, SmartLifecycle {

	/** Phase: started before the web server starts and stopped after it has stopped. */
	public static final int PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(TraceWriteQueue.class);

	private static final long POLL_MILLIS = 100;

	private final BlockingQueue<RolloutTrace> queue;

	private final List<TraceBatchWriter> writers;

	private final boolean[] failing;

	private final int batchSize;

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong[] dropped = new AtomicLong[DropReason.values().length];

	private final AtomicBoolean warnedFull = new AtomicBoolean();

	private final AtomicInteger offering = new AtomicInteger();

	private final List<Runnable> stopCallbacks = new ArrayList<>();

	private final Object monitor = new Object();

	private volatile State state = State.NEW;

	/**
	 * Creates a queue.
	 * @param writers the writers every batch is written with, in order
	 * @param capacity the most traces waiting to be written; more are dropped
	 * @param batchSize the most traces written in one batch (one transaction)
	 */
	public TraceWriteQueue(List<TraceBatchWriter> writers, int capacity, int batchSize) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be positive, got " + capacity);
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
		}
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.writers = List.copyOf(writers);
		this.failing = new boolean[this.writers.size()];
		this.batchSize = batchSize;
		for (int i = 0; i < this.dropped.length; i++) {
			this.dropped[i] = new AtomicLong();
		}
	}

	@Override
	public boolean offer(RolloutTrace trace) {
		this.offering.incrementAndGet();
		try {
			if (this.state == State.STOPPED) {
				this.dropped[DropReason.CLOSED.ordinal()].incrementAndGet();
				return false;
			}
			if (this.queue.offer(trace)) {
				this.accepted.incrementAndGet();
				return true;
			}
		}
		finally {
			this.offering.decrementAndGet();
		}
		this.dropped[DropReason.QUEUE_FULL.ordinal()].incrementAndGet();
		if (this.warnedFull.compareAndSet(false, true)) {
			logger.warn("The rollout trace queue is full (task-app.tracing.queue-capacity=" + capacity()
					+ "): dropping traces until the writer catches up; drops are counted in"
					+ " task.app.trace.store.dropped{reason=queue_full} and not logged again");
		}
		return false;
	}

	/**
	 * Returns the names of the writers.
	 * @return the names, such as {@code sqlite} and {@code sft}
	 */
	public List<String> writerNames() {
		return this.writers.stream().map(TraceBatchWriter::name).toList();
	}

	/**
	 * Returns the number of traces waiting to be written.
	 * @return the queue depth
	 */
	public int queueDepth() {
		return this.queue.size();
	}

	/**
	 * Returns the capacity of the queue.
	 * @return the capacity
	 */
	public int capacity() {
		return this.queue.size() + this.queue.remainingCapacity();
	}

	/**
	 * Returns the number of traces accepted so far.
	 * @return the count
	 */
	public long accepted() {
		return this.accepted.get();
	}

	/**
	 * Returns the number of traces every writer wrote.
	 * @return the count
	 */
	public long written() {
		return this.written.get();
	}

	/**
	 * Returns the number of traces dropped for the given reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long dropped(DropReason reason) {
		return this.dropped[reason.ordinal()].get();
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.state != State.NEW) {
				return;
			}
			this.state = State.RUNNING;
			for (TraceBatchWriter writer : this.writers) {
				try {
					writer.prepare();
				}
				catch (Exception ex) {
					logger.warn("The " + writer.name() + " rollout trace writer could not open its store at start-up ("
							+ ex.getMessage() + "); it tries again with the first traces");
				}
			}
			Thread thread = new Thread(this::run, "task-app-trace-writer");
			thread.setDaemon(true);
			thread.start();
		}
	}

	@Override
	public void stop(Runnable callback) {
		synchronized (this.monitor) {
			if (this.state == State.RUNNING || this.state == State.STOPPING) {
				this.state = State.STOPPING;
				this.stopCallbacks.add(callback);
				return;
			}
			if (this.state == State.NEW) {
				this.state = State.STOPPED;
			}
		}
		callback.run();
	}

	@Override
	public void stop() {
		CountDownLatch stopped = new CountDownLatch(1);
		stop(stopped::countDown);
		try {
			if (!stopped.await(30, TimeUnit.SECONDS)) {
				logger.warn("The rollout trace writer did not finish within 30 s; " + queueDepth()
						+ " trace(s) were not written");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		State current = this.state;
		return current == State.RUNNING || current == State.STOPPING;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void run() {
		List<RolloutTrace> batch = new ArrayList<>(this.batchSize);
		try {
			while (true) {
				RolloutTrace first = this.queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
				if (first != null) {
					batch.add(first);
					this.queue.drainTo(batch, this.batchSize - 1);
					write(batch);
					batch.clear();
				}
				else if (this.state == State.STOPPING) {
					this.state = State.STOPPED;
					awaitOfferers();
					drainAll(batch);
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.state = State.STOPPED;
			awaitOfferers();
			drainAll(batch);
		}
		finally {
			closeWriters();
			runStopCallbacks();
		}
	}

	/**
	 * Waits for offers that saw the queue open to finish, so that none is left behind.
	 */
	private void awaitOfferers() {
		while (this.offering.get() > 0) {
			Thread.onSpinWait();
		}
	}

	private void drainAll(List<RolloutTrace> batch) {
		batch.clear();
		while (this.queue.drainTo(batch, this.batchSize) > 0) {
			write(batch);
			batch.clear();
		}
	}

	private void write(List<RolloutTrace> batch) {
		boolean failed = false;
		for (int i = 0; i < this.writers.size(); i++) {
			TraceBatchWriter writer = this.writers.get(i);
			try {
				writer.write(batch);
				if (this.failing[i]) {
					this.failing[i] = false;
					logger.info("The " + writer.name() + " rollout trace writer writes again");
				}
			}
			catch (Exception | LinkageError ex) {
				failed = true;
				failed(i, writer, batch.size(), ex);
			}
		}
		if (failed) {
			this.dropped[DropReason.WRITE_FAILED.ordinal()].addAndGet(batch.size());
		}
		else {
			this.written.addAndGet(batch.size());
		}
	}

	private void failed(int index, TraceBatchWriter writer, int count, Throwable ex) {
		String message = "The " + writer.name() + " rollout trace writer could not write " + count
				+ " trace(s); they are dropped and counted in task.app.trace.store.dropped{reason=write_failed}";
		if (!this.failing[index]) {
			this.failing[index] = true;
			logger.warn(message + ". Rollouts are not affected; further failures are logged at debug level until"
					+ " the writer succeeds again", ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

	private void closeWriters() {
		for (TraceBatchWriter writer : this.writers) {
			try {
				writer.close();
			}
			catch (Exception ex) {
				logger.debug("Closing the " + writer.name() + " rollout trace writer failed", ex);
			}
		}
	}

	private void runStopCallbacks() {
		List<Runnable> callbacks;
		synchronized (this.monitor) {
			this.state = State.STOPPED;
			callbacks = List.copyOf(this.stopCallbacks);
			this.stopCallbacks.clear();
		}
		callbacks.forEach(Runnable::run);
	}

	@Override
	public String toString() {
		return "TraceWriteQueue[writers=" + writerNames() + ", depth=" + queueDepth() + ", capacity=" + capacity()
				+ "]";
	}

	/**
	 * Why a trace was dropped.
	 */
	public enum DropReason {

		/** The queue was full. */
		QUEUE_FULL("queue_full"),

		/** A writer failed to write the batch. */
		WRITE_FAILED("write_failed"),

		/** The queue had stopped. */
		CLOSED("closed");

		private final String tag;

		DropReason(String tag) {
			this.tag = tag;
		}

		/**
		 * Returns the value of the {@code reason} tag.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

	private enum State {

		NEW, RUNNING, STOPPING, STOPPED

	}

}
