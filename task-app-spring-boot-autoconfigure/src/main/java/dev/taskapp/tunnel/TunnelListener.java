package dev.taskapp.tunnel;

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
	 * A listener that ignores everything.
	 */
	TunnelListener NONE = (cause) -> {
	};

}
