package dev.taskapp.benchmarks;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Samples a server's {@code VmRSS} every 200 ms while load runs and keeps the largest value.
 */
final class RssSampler {

	private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "rss-sampler");
		thread.setDaemon(true);
		return thread;
	});

	private final ChildProcess server;

	private final AtomicLong maxKiB = new AtomicLong(-1);

	private @Nullable ScheduledFuture<?> task;

	RssSampler(ChildProcess server) {
		this.server = server;
	}

	void start() {
		this.task = TIMER.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
	}

	void stop() {
		if (this.task != null) {
			this.task.cancel(false);
		}
		sample();
	}

	private void sample() {
		long rss = this.server.rssKiB();
		this.maxKiB.accumulateAndGet(rss, Math::max);
	}

	double maxMiB() {
		long max = this.maxKiB.get();
		return (max < 0) ? -1 : max / 1024.0;
	}

}
