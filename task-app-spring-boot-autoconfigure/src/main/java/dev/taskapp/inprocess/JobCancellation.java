package dev.taskapp.inprocess;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Cancels a job that {@link InProcessJob} started unless it ended: when the run leaves before
 * the job did (a timeout, a failed poll, an interruption), and when the JVM shuts down while it
 * runs. A job left running would go on calling the URL of a task app that is gone.
 */
final class JobCancellation implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(JobCancellation.class);

	private final String job;

	private final Supplier<Mono<?>> cancel;

	private final Duration timeout;

	private final ShutdownHooks hooks;

	private final Thread hook;

	private final AtomicBoolean settled = new AtomicBoolean();

	/**
	 * Starts watching a job.
	 * @param job the job, for log lines, such as {@code optimizer run run_1}
	 * @param cancel sends the cancellation
	 * @param timeout the longest wait for the cancellation to be answered
	 * @param hooks where the shutdown hook is registered
	 */
	JobCancellation(String job, Supplier<Mono<?>> cancel, Duration timeout, ShutdownHooks hooks) {
		this.job = job;
		this.cancel = cancel;
		this.timeout = timeout;
		this.hooks = hooks;
		this.hook = new Thread(this::cancelNow, "in-process-job-cancel");
		hooks.add(this.hook);
	}

	/**
	 * Marks the job as ended, or deliberately left running: it is not cancelled.
	 */
	void settle() {
		this.settled.set(true);
	}

	/**
	 * Cancels the job now unless it was settled or already cancelled; waits at most the
	 * timeout and never throws.
	 */
	void cancelNow() {
		if (!this.settled.compareAndSet(false, true)) {
			return;
		}
		try {
			this.cancel.get().block(this.timeout);
			logger.info("Cancelled " + this.job + ": its task app is stopping");
		}
		catch (RuntimeException ex) {
			logger.warn("Could not cancel " + this.job + " (" + ex.getMessage() + "); it may keep calling a task app"
					+ " that is gone until it times out");
		}
	}

	/**
	 * Stops watching the job, and cancels it unless it was settled.
	 */
	@Override
	public void close() {
		this.hooks.remove(this.hook);
		cancelNow();
	}

	/**
	 * Where shutdown hooks are registered: the JVM's {@link Runtime}, or a test's.
	 */
	interface ShutdownHooks {

		/** The JVM's shutdown hooks. */
		ShutdownHooks RUNTIME = new ShutdownHooks() {

			@Override
			public void add(Thread hook) {
				Runtime.getRuntime().addShutdownHook(hook);
			}

			@Override
			public void remove(Thread hook) {
				try {
					Runtime.getRuntime().removeShutdownHook(hook);
				}
				catch (IllegalStateException ex) {
					// the JVM is shutting down and runs the hook itself
				}
			}

		};

		/**
		 * Registers a hook.
		 * @param hook the hook
		 */
		void add(Thread hook);

		/**
		 * Unregisters a hook.
		 * @param hook the hook
		 */
		void remove(Thread hook);

	}

}
