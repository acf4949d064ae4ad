package dev.taskapp.inprocess;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Cancels a job that {@link InProcessJob} started unless it ended: when the run leaves before
 * the job did (a timeout, a failed poll, an interruption), and when the task app's context
 * starts closing meanwhile, as it does when the JVM shuts down (Spring's shutdown hook closes
 * it). A job left running would go on calling the URL of a task app that is gone.
 */
final class JobCancellation implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(JobCancellation.class);

	private final String job;

	private final Supplier<Mono<?>> cancel;

	private final Duration timeout;

	private final AtomicBoolean settled = new AtomicBoolean();

	/**
	 * Starts watching a job.
	 * @param job the job, for log lines, such as {@code optimizer run run_1}
	 * @param cancel sends the cancellation
	 * @param timeout the longest wait for the cancellation to be answered
	 */
	JobCancellation(String job, Supplier<Mono<?>> cancel, Duration timeout) {
		this.job = job;
		this.cancel = cancel;
		this.timeout = timeout;
	}

	/**
	 * Cancels the job as soon as the given context starts closing, before its beans stop (and
	 * with them the shared HTTP client resources the cancellation needs).
	 * @param context the task app's context
	 * @return this
	 */
	JobCancellation whenClosing(ConfigurableApplicationContext context) {
		context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> cancelNow());
		return this;
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
		cancelNow();
	}

}
