package dev.taskapp.web;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps a stopping task app serving for a drain delay after its readiness has dropped, before
 * anything else stops, so that load balancers (HAProxy's health checks, Kubernetes endpoints)
 * take it out of rotation while it still answers. On close Spring Boot first turns readiness
 * to {@code REFUSING_TRAFFIC}; then this lifecycle, which stops first, waits; then the tunnel
 * closes; then the web server's graceful shutdown lets the rollouts in flight finish.
 */
public final class ShutdownDrain implements SmartLifecycle {

	/** Phase: stopped before the tunnel and the web server's graceful shutdown. */
	public static final int PHASE = Integer.MAX_VALUE;

	private static final Log logger = LogFactory.getLog(ShutdownDrain.class);

	private final Duration delay;

	private final CountDownLatch stopping = new CountDownLatch(1);

	private volatile boolean running;

	/**
	 * Creates a drain.
	 * @param delay how long a stopping task app keeps serving after its readiness dropped
	 */
	public ShutdownDrain(Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("task-app.shutdown.drain-delay must not be negative, got " + delay);
		}
		this.delay = delay;
	}

	/**
	 * Returns the drain delay.
	 * @return the delay
	 */
	public Duration delay() {
		return this.delay;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		if (this.delay.isZero()) {
			return;
		}
		logger.info("Readiness is down; serving " + this.delay.toMillis()
				+ " ms more while load balancers take this replica out of rotation");
		try {
			this.stopping.await(this.delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
