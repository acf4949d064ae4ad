package dev.taskapp.tunnel;

import org.jspecify.annotations.Nullable;

/**
 * The tunnel could not be opened. The {@link Reason} tells a failure analyzer which fix to
 * suggest; the message says what happened (with the tail of any process output) and never
 * contains a secret.
 */
public class TunnelStartException extends Exception {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	private final TunnelMode mode;

	/**
	 * Creates an exception.
	 * @param reason why the tunnel could not be opened
	 * @param mode the mode that was being opened
	 * @param message what happened
	 * @param cause the underlying failure, if any
	 */
	public TunnelStartException(Reason reason, TunnelMode mode, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.mode = mode;
	}

	/**
	 * Creates an exception without a cause.
	 * @param reason why the tunnel could not be opened
	 * @param mode the mode that was being opened
	 * @param message what happened
	 */
	public TunnelStartException(Reason reason, TunnelMode mode, String message) {
		this(reason, mode, message, null);
	}

	/**
	 * Returns why the tunnel could not be opened.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Returns the mode that was being opened.
	 * @return the mode
	 */
	public TunnelMode getMode() {
		return this.mode;
	}

	/**
	 * Why a tunnel could not be opened.
	 */
	public enum Reason {

		/** The cloudflared binary was not found, or its {@code --version} check failed. */
		CLOUDFLARED_MISSING,

		/** Cloudflare refused a quick tunnel for too many requests (429, error 1015). */
		RATE_LIMITED,

		/** The tunnel gave no public URL before the deadline. */
		NO_URL,

		/** The tunnel process or agent exited or failed while opening. */
		PROCESS_FAILED,

		/** The public URL never answered the health probe before the deadline. */
		NEVER_REACHABLE,

		/** The local server never answered its health check before the deadline. */
		LOCAL_HEALTH_TIMEOUT,

		/** Mode {@code preconfigured} without a URL. */
		PRECONFIGURED_URL_MISSING,

		/** Mode {@code named} without a token or hostname. */
		NAMED_CONFIGURATION_MISSING,

		/** Mode {@code synthtunnel} without a Synth API key. */
		SYNTH_API_KEY_MISSING,

		/** The Synth backend refused or failed the lease request. */
		LEASE_FAILED,

		/** The mode is not available in this build or configuration. */
		UNSUPPORTED_MODE,

		/** The Synth backend refused the Synth API key (HTTP 401 or 403). */
		SYNTH_API_KEY_REJECTED,

		/** The Synth backend could not give a managed tunnel: none could be created or read. */
		MANAGED_TUNNEL_UNAVAILABLE,

		/** The managed tunnel's hostname did not resolve in DNS before the deadline. */
		MANAGED_TUNNEL_DNS_PENDING

	}

}
