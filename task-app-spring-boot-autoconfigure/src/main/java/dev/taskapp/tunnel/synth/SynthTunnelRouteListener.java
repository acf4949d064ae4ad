package dev.taskapp.tunnel.synth;

import org.jspecify.annotations.Nullable;

/**
 * Told, inside the backend, when the SynthTunnel backend replaced its lease (before the old one expired, or after the
 * relay refused it) and the new route differs from the old one. Jobs submitted afterwards must
 * use the new URL and worker token; the old route stops working once its lease is deleted.
 */
@FunctionalInterface
interface SynthTunnelRouteListener {

	/**
	 * Called after the agent switched to the new lease. Called from a Reactor thread; must not
	 * block for long.
	 * @param publicUrl the new public URL, without a trailing slash
	 * @param workerToken the new worker token jobs must send as
	 * {@code X-SynthTunnel-Worker-Token}, or {@code null} if the lease has none
	 */
	void routeChanged(String publicUrl, @Nullable String workerToken);

	/**
	 * A listener that ignores every change.
	 */
	SynthTunnelRouteListener NONE = (publicUrl, workerToken) -> {
	};

}
