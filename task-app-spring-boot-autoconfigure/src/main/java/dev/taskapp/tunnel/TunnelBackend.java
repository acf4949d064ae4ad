package dev.taskapp.tunnel;

/**
 * Opens the tunnel of one {@link TunnelMode}: the strategy the {@code TunnelManager} delegates
 * to. Implementations block in {@link #open} until the public URL is known and the tunnel
 * reports itself ready (the manager then verifies the URL from outside), and release
 * everything they started when the returned handle is closed.
 */
public interface TunnelBackend {

	/**
	 * Returns the mode this backend serves.
	 * @return the mode
	 */
	TunnelMode mode();

	/**
	 * Opens the tunnel to the local server. Called from a thread that may block.
	 * @param request the local server, its keys, the deadline and where to report later
	 * changes
	 * @return the open tunnel
	 * @throws TunnelStartException if the tunnel cannot be opened before the deadline; every
	 * resource started for it is released before this is thrown
	 * @throws InterruptedException if the calling thread is interrupted while waiting; every
	 * resource started for it is released before this is thrown
	 */
	TunnelHandle open(TunnelRequest request) throws TunnelStartException, InterruptedException;

}
