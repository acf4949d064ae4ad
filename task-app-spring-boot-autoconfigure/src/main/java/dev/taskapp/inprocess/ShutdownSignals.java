package dev.taskapp.inprocess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one JVM shutdown hook all in-process task apps share. When the JVM stops (SIGINT,
 * SIGTERM, {@code System.exit} or the end of the last non-daemon thread), every task app still
 * running runs its {@code onStop} callback and closes, its tunnel first, then its server; the
 * task apps close side by side, and the hook waits for them at most {@link #GRACE_PERIOD}.
 * Spring's own shutdown hook is not registered for these applications, so that nothing stops
 * before {@code onStop} has run.
 */
final class ShutdownSignals {

	/** Longest wait of the hook for the task apps to close. */
	static final Duration GRACE_PERIOD = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(ShutdownSignals.class);

	private static final Set<InProcessTaskApp> running = ConcurrentHashMap.newKeySet();

	private static final AtomicBoolean installed = new AtomicBoolean();

	private ShutdownSignals() {
	}

	/**
	 * Has the task app closed when the JVM stops, installing the hook on first use.
	 * @param app a running task app
	 */
	static void register(InProcessTaskApp app) {
		if (installed.compareAndSet(false, true)) {
			try {
				Runtime.getRuntime()
					.addShutdownHook(new Thread(ShutdownSignals::closeAll, "in-process-task-app-shutdown"));
			}
			catch (IllegalStateException ex) {
				// The JVM is already stopping: the task app is closed by whoever stops it.
				return;
			}
		}
		running.add(app);
	}

	/**
	 * Forgets a task app that closed.
	 * @param app the task app
	 */
	static void unregister(InProcessTaskApp app) {
		running.remove(app);
	}

	private static void closeAll() {
		List<InProcessTaskApp> apps = new ArrayList<>(running);
		if (apps.isEmpty()) {
			return;
		}
		logger.info("The JVM is stopping: closing " + apps.size() + " in-process task app(s)");
		List<Thread> closers = new ArrayList<>();
		for (InProcessTaskApp app : apps) {
			Thread closer = new Thread(() -> close(app), "in-process-task-app-close");
			closer.start();
			closers.add(closer);
		}
		long deadline = System.nanoTime() + GRACE_PERIOD.toNanos();
		for (Thread closer : closers) {
			try {
				closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		if (closers.stream().anyMatch(Thread::isAlive)) {
			logger.warn("In-process task apps did not close within " + GRACE_PERIOD.toSeconds() + "s of the JVM stopping");
		}
	}

	private static void close(InProcessTaskApp app) {
		try {
			app.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Closing " + app + " as the JVM stops failed", ex);
		}
	}

}
