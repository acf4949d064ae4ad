package dev.taskapp.tunnel.cloudflare;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * An open Cloudflare tunnel: its cloudflared process and public URL. Reports the process's
 * unexpected exit to the {@link TunnelListener} once, never after {@link #close()}.
 */
final class CloudflaredTunnel implements TunnelHandle {

	private static final Log logger = LogFactory.getLog(CloudflaredTunnel.class);

	private final CloudflaredProcess process;

	private final String publicUrl;

	private final String metricsAddress;

	private final Duration gracePeriod;

	private final AtomicBoolean ended = new AtomicBoolean();

	CloudflaredTunnel(CloudflaredProcess process, String publicUrl, String metricsAddress, Duration gracePeriod) {
		this.process = process;
		this.publicUrl = publicUrl;
		this.metricsAddress = metricsAddress;
		this.gracePeriod = gracePeriod;
	}

	/**
	 * Starts watching for the process's exit; the listener is called on a thread of its own.
	 * @param listener told once if the process exits before the handle is closed
	 */
	void watch(TunnelListener listener) {
		Executor ownThread = (task) -> {
			Thread thread = new Thread(task, "cloudflared-exit-" + this.process.pid());
			thread.setDaemon(true);
			thread.start();
		};
		this.process.onExit().thenRunAsync(() -> exited(listener), ownThread);
	}

	private void exited(TunnelListener listener) {
		if (!this.ended.compareAndSet(false, true)) {
			return;
		}
		this.process.stop(this.gracePeriod);
		IllegalStateException cause = new IllegalStateException("cloudflared (pid " + this.process.pid() + ") of "
				+ this.publicUrl + " exited with code " + this.process.exitCode() + "; its last output:\n"
				+ this.process.tail(CloudflaredLauncher.TAIL_LINES));
		try {
			listener.tunnelLost(cause);
		}
		catch (RuntimeException ex) {
			logger.warn("The tunnel listener failed on the loss of " + this.publicUrl, ex);
		}
	}

	@Override
	public String publicUrl() {
		return this.publicUrl;
	}

	@Override
	public String describe() {
		return "cloudflared pid " + this.process.pid() + ", metrics " + this.metricsAddress;
	}

	/**
	 * Returns cloudflared's pid.
	 * @return the pid
	 */
	long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		this.ended.set(true);
		this.process.stop(this.gracePeriod);
	}

	@Override
	public String toString() {
		return "CloudflaredTunnel[" + this.publicUrl + ", " + describe() + "]";
	}

}
