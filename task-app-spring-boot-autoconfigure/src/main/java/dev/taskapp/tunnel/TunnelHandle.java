package dev.taskapp.tunnel;

import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;

/**
 * An open tunnel. Closing it releases everything its backend started (processes, leases,
 * connections); closing is idempotent and never throws.
 */
public interface TunnelHandle extends AutoCloseable {

	/**
	 * Returns the public base URL, without a trailing slash.
	 * @return the public URL
	 */
	String publicUrl();

	/**
	 * Returns the token job submitters must send as {@code X-SynthTunnel-Worker-Token}, for
	 * tunnels that need one.
	 * @return the worker token, or {@code null}
	 */
	default @Nullable String workerToken() {
		return null;
	}

	/**
	 * Returns the id of the lease this tunnel serves, for tunnels leased from the Synth
	 * backend; hosted-optimizer runs name it so that the backend refreshes their worker token.
	 * @return the lease id, or {@code null}
	 */
	default @Nullable String leaseId() {
		return null;
	}

	/**
	 * Returns the most requests the tunnel passes on at once, for tunnels that report one
	 * (a SynthTunnel lease's {@code limits.max_inflight}).
	 * @return the limit, or empty
	 */
	default OptionalInt maxInFlight() {
		return OptionalInt.empty();
	}

	/**
	 * Returns a short description for logs and health details, such as
	 * {@code cloudflared pid 4242}; never a secret.
	 * @return the description
	 */
	default String describe() {
		return publicUrl();
	}

	/**
	 * Closes the tunnel, waiting at most the backend's grace period.
	 */
	@Override
	void close();

}
