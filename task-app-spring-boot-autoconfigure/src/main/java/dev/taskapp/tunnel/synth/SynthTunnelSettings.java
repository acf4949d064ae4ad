package dev.taskapp.tunnel.synth;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How the SynthTunnel backend leases its route and runs its agent.
 *
 * @param apiKey the Synth API key that pays for the lease ({@code task-app.tunnel.synth.api-key});
 * {@code null} when none is configured
 * @param backendUrl base URL of the Synth backend, without {@code /api}
 * @param requestedTtl lifetime asked for each lease
 * @param leaseTimeout longest wait for an answer of the lease API
 * @param clientInstanceIdFile file that keeps this machine's client instance id across runs
 * @param reconnectInitialBackoff first wait before reconnecting to the relay after a drop
 * @param reconnectMaxBackoff longest wait between reconnection attempts
 * @param heartbeatInterval interval of the WebSocket pings that keep the relay connection alive
 * (shortened to the lease's recommended interval when that is shorter); a connection that shows
 * no sign of life for two intervals is reconnected
 * @param attachTimeout longest wait for the relay's {@code ATTACH_ACK}, and for the WebSocket
 * connection and handshake; a relay that sends no {@code ATTACH_ACK} but keeps the connection
 * open this long is taken to have accepted the agent
 * @param renewBefore how long before the lease expires a new lease is taken
 * @param localConnectTimeout longest wait for a connection to the local server
 * @param defaultRequestDeadline deadline of a forwarded request whose relay frame names none
 * @param closeTimeout longest wait for the lease to be deleted when the tunnel closes
 */
public record SynthTunnelSettings(@Nullable String apiKey, String backendUrl, Duration requestedTtl,
		Duration leaseTimeout, Path clientInstanceIdFile, Duration reconnectInitialBackoff,
		Duration reconnectMaxBackoff, Duration heartbeatInterval, Duration attachTimeout, Duration renewBefore,
		Duration localConnectTimeout, Duration defaultRequestDeadline, Duration closeTimeout) {

	/** The Synth backend used when none is configured. */
	public static final String DEFAULT_BACKEND_URL = "https://api.usesynth.ai";

	/**
	 * Creates settings, checking that every duration is positive.
	 */
	public SynthTunnelSettings {
		requirePositive(requestedTtl, "requestedTtl");
		requirePositive(leaseTimeout, "leaseTimeout");
		requirePositive(reconnectInitialBackoff, "reconnectInitialBackoff");
		requirePositive(reconnectMaxBackoff, "reconnectMaxBackoff");
		requirePositive(heartbeatInterval, "heartbeatInterval");
		requirePositive(attachTimeout, "attachTimeout");
		requirePositive(renewBefore, "renewBefore");
		requirePositive(localConnectTimeout, "localConnectTimeout");
		requirePositive(defaultRequestDeadline, "defaultRequestDeadline");
		requirePositive(closeTimeout, "closeTimeout");
		if (reconnectMaxBackoff.compareTo(reconnectInitialBackoff) < 0) {
			throw new IllegalArgumentException("reconnectMaxBackoff must not be shorter than reconnectInitialBackoff");
		}
	}

	/**
	 * Returns whether a Synth API key is configured.
	 * @return whether {@link #apiKey()} has text
	 */
	public boolean hasApiKey() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

	/**
	 * Returns a builder holding the defaults: the public backend, one-hour leases renewed five
	 * minutes early, a 30 s lease timeout, the client instance id in
	 * {@code $HOME/.synth/client_instance_id}, reconnection after 1 s doubling up to 30 s, a 20 s
	 * heartbeat, a 10 s attach wait, a 10 s local connect timeout, a 600 s default request
	 * deadline and a 5 s close timeout.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns a builder holding these settings.
	 * @return a builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.apiKey = this.apiKey;
		builder.backendUrl = this.backendUrl;
		builder.requestedTtl = this.requestedTtl;
		builder.leaseTimeout = this.leaseTimeout;
		builder.clientInstanceIdFile = this.clientInstanceIdFile;
		builder.reconnectInitialBackoff = this.reconnectInitialBackoff;
		builder.reconnectMaxBackoff = this.reconnectMaxBackoff;
		builder.heartbeatInterval = this.heartbeatInterval;
		builder.attachTimeout = this.attachTimeout;
		builder.renewBefore = this.renewBefore;
		builder.localConnectTimeout = this.localConnectTimeout;
		builder.defaultRequestDeadline = this.defaultRequestDeadline;
		builder.closeTimeout = this.closeTimeout;
		return builder;
	}

	@Override
	public String toString() {
		return "SynthTunnelSettings[apiKey=" + (hasApiKey() ? "******" : "unset") + ", backendUrl=" + this.backendUrl
				+ ", requestedTtl=" + this.requestedTtl + ", leaseTimeout=" + this.leaseTimeout
				+ ", clientInstanceIdFile=" + this.clientInstanceIdFile + ", reconnectBackoff="
				+ this.reconnectInitialBackoff + ".." + this.reconnectMaxBackoff + ", heartbeatInterval="
				+ this.heartbeatInterval + ", attachTimeout=" + this.attachTimeout + ", renewBefore="
				+ this.renewBefore + ", localConnectTimeout=" + this.localConnectTimeout
				+ ", defaultRequestDeadline=" + this.defaultRequestDeadline + ", closeTimeout=" + this.closeTimeout
				+ "]";
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, got " + duration);
		}
	}

	static Path defaultClientInstanceIdFile() {
		String home = System.getenv("HOME");
		if (home == null || home.isBlank()) {
			home = System.getProperty("user.home", "");
		}
		return Path.of(home, ".synth", "client_instance_id");
	}

	/**
	 * Builds {@link SynthTunnelSettings}, starting from the defaults.
	 */
	public static final class Builder {

		private @Nullable String apiKey;

		private String backendUrl = DEFAULT_BACKEND_URL;

		private Duration requestedTtl = Duration.ofHours(1);

		private Duration leaseTimeout = Duration.ofSeconds(30);

		private Path clientInstanceIdFile = defaultClientInstanceIdFile();

		private Duration reconnectInitialBackoff = Duration.ofSeconds(1);

		private Duration reconnectMaxBackoff = Duration.ofSeconds(30);

		private Duration heartbeatInterval = Duration.ofSeconds(20);

		private Duration attachTimeout = Duration.ofSeconds(10);

		private Duration renewBefore = Duration.ofMinutes(5);

		private Duration localConnectTimeout = Duration.ofSeconds(10);

		private Duration defaultRequestDeadline = Duration.ofSeconds(600);

		private Duration closeTimeout = Duration.ofSeconds(5);

		private Builder() {
		}

		/**
		 * Sets the Synth API key.
		 * @param apiKey the key, or {@code null} for none
		 * @return this builder
		 */
		public Builder apiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
			return this;
		}

		/**
		 * Sets the backend base URL; {@code null} or blank keeps the default.
		 * @param backendUrl the URL
		 * @return this builder
		 */
		public Builder backendUrl(@Nullable String backendUrl) {
			this.backendUrl = (backendUrl == null || backendUrl.isBlank()) ? DEFAULT_BACKEND_URL : backendUrl;
			return this;
		}

		/**
		 * Sets the lifetime asked for each lease.
		 * @param requestedTtl the lifetime
		 * @return this builder
		 */
		public Builder requestedTtl(Duration requestedTtl) {
			this.requestedTtl = requestedTtl;
			return this;
		}

		/**
		 * Sets the longest wait for the lease API.
		 * @param leaseTimeout the timeout
		 * @return this builder
		 */
		public Builder leaseTimeout(Duration leaseTimeout) {
			this.leaseTimeout = leaseTimeout;
			return this;
		}

		/**
		 * Sets the file that keeps the client instance id.
		 * @param clientInstanceIdFile the file
		 * @return this builder
		 */
		public Builder clientInstanceIdFile(Path clientInstanceIdFile) {
			this.clientInstanceIdFile = clientInstanceIdFile;
			return this;
		}

		/**
		 * Sets the reconnection backoff.
		 * @param initial the first wait
		 * @param max the longest wait
		 * @return this builder
		 */
		public Builder reconnectBackoff(Duration initial, Duration max) {
			this.reconnectInitialBackoff = initial;
			this.reconnectMaxBackoff = max;
			return this;
		}

		/**
		 * Sets the WebSocket ping interval.
		 * @param heartbeatInterval the interval
		 * @return this builder
		 */
		public Builder heartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
			return this;
		}

		/**
		 * Sets the longest wait for {@code ATTACH_ACK}.
		 * @param attachTimeout the timeout
		 * @return this builder
		 */
		public Builder attachTimeout(Duration attachTimeout) {
			this.attachTimeout = attachTimeout;
			return this;
		}

		/**
		 * Sets how long before expiry a new lease is taken.
		 * @param renewBefore the lead time
		 * @return this builder
		 */
		public Builder renewBefore(Duration renewBefore) {
			this.renewBefore = renewBefore;
			return this;
		}

		/**
		 * Sets the local connect timeout.
		 * @param localConnectTimeout the timeout
		 * @return this builder
		 */
		public Builder localConnectTimeout(Duration localConnectTimeout) {
			this.localConnectTimeout = localConnectTimeout;
			return this;
		}

		/**
		 * Sets the deadline of requests whose relay frame names none.
		 * @param defaultRequestDeadline the deadline
		 * @return this builder
		 */
		public Builder defaultRequestDeadline(Duration defaultRequestDeadline) {
			this.defaultRequestDeadline = defaultRequestDeadline;
			return this;
		}

		/**
		 * Sets the longest wait for the lease deletion on close.
		 * @param closeTimeout the timeout
		 * @return this builder
		 */
		public Builder closeTimeout(Duration closeTimeout) {
			this.closeTimeout = closeTimeout;
			return this;
		}

		/**
		 * Builds the settings.
		 * @return the settings
		 */
		public SynthTunnelSettings build() {
			return new SynthTunnelSettings(this.apiKey, this.backendUrl, this.requestedTtl, this.leaseTimeout,
					this.clientInstanceIdFile, this.reconnectInitialBackoff, this.reconnectMaxBackoff,
					this.heartbeatInterval, this.attachTimeout, this.renewBefore, this.localConnectTimeout,
					this.defaultRequestDeadline, this.closeTimeout);
		}

	}

}
