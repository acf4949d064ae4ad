package dev.taskapp.tunnel;

import org.jspecify.annotations.Nullable;

/**
 * Receives what happens to an open tunnel. The {@code TunnelManager} listens, restarts a lost
 * tunnel with backoff and publishes the matching events.
 */
public interface TunnelListener {

	/**
	 * Called when the tunnel stopped working for good and must be reopened, such as when
	 * cloudflared exited unexpectedly. Called at most once per handle, never after the handle
	 * was closed.
	 * @param cause what happened, with any process output tail in its message
	 */
	void tunnelLost(Throwable cause);

	/**
	 * Called when the backend moved the open tunnel to another route by itself (such as a
	 * SynthTunnel lease replaced before it expired): jobs submitted from now on must use the
	 * new URL and worker token. Called from the backend's thread; must not block for long.
	 * @param publicUrl the new public URL, without a trailing slash
	 * @param workerToken the new worker token, or {@code null} if the tunnel needs none
	 */
	default void routeChanged(String publicUrl, @Nullable String workerToken) {
	}

	/**
	 * A listener that ignores everything.
	 */
	TunnelListener NONE = (cause) -> {
	};

}
