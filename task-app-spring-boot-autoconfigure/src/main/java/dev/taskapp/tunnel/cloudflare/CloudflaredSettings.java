package dev.taskapp.tunnel.cloudflare;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How the Cloudflare backends find, start, wait for and stop {@code cloudflared}.
 * {@link #toString()} never shows the named tunnel's token.
 *
 * @param path the cloudflared binary ({@code task-app.tunnel.cloudflared.path}); {@code null}
 * to look for it on the {@code PATH}, then in the usual install places
 * @param gracePeriod time cloudflared has to stop after SIGTERM before it is killed
 * ({@code task-app.tunnel.cloudflared.grace-period})
 * @param startupAttempts most fresh quick tunnels requested by one open
 * @param rateLimitBackoff wait after Cloudflare refused a quick tunnel for too many requests
 * before the next attempt; an attempt that the deadline does not leave time for is not made
 * @param retryDelay wait after cloudflared exited for another reason before the next attempt
 * @param pollInterval how often the metrics server is asked for the URL and readiness
 * @param pidfileDirectory where pidfiles (and the empty configuration file) are kept
 * @param outputLines how many lines of cloudflared's output are kept for error messages
 * @param namedToken token of the named tunnel ({@code task-app.tunnel.named.token})
 * @param namedHostname public hostname of the named tunnel
 * ({@code task-app.tunnel.named.hostname})
 */
public record CloudflaredSettings(@Nullable String path, Duration gracePeriod, int startupAttempts,
		Duration rateLimitBackoff, Duration retryDelay, Duration pollInterval, Path pidfileDirectory, int outputLines,
		@Nullable String namedToken, @Nullable String namedHostname) {

	/** Default grace period. */
	public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);

	/** Default number of fresh quick tunnels one open may request. */
	public static final int DEFAULT_STARTUP_ATTEMPTS = 3;

	/** Default wait after a rate-limited quick tunnel request. */
	public static final Duration DEFAULT_RATE_LIMIT_BACKOFF = Duration.ofMinutes(5);

	/**
	 * Creates the settings.
	 */
	public CloudflaredSettings {
		requireNotNegative(gracePeriod, "gracePeriod");
		requireNotNegative(rateLimitBackoff, "rateLimitBackoff");
		requireNotNegative(retryDelay, "retryDelay");
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("pollInterval must be positive");
		}
		if (startupAttempts < 1) {
			throw new IllegalArgumentException("startupAttempts must be at least 1");
		}
		if (outputLines < 1) {
			throw new IllegalArgumentException("outputLines must be at least 1");
		}
	}

	/**
	 * Returns the defaults: cloudflared looked up, 10 s grace period, 3 attempts, 5 min
	 * rate-limit backoff, 2 s retry delay, 250 ms polling, pidfiles in
	 * {@code ${java.io.tmpdir}/task-app-cloudflared}, 200 output lines, no named tunnel.
	 * @return the default settings
	 */
	public static CloudflaredSettings defaults() {
		return new CloudflaredSettings(null, DEFAULT_GRACE_PERIOD, DEFAULT_STARTUP_ATTEMPTS, DEFAULT_RATE_LIMIT_BACKOFF,
				Duration.ofSeconds(2), Duration.ofMillis(250),
				Path.of(System.getProperty("java.io.tmpdir"), "task-app-cloudflared"), 200, null, null);
	}

	/**
	 * Returns a copy with another binary path.
	 * @param path the cloudflared binary, or {@code null} to look it up
	 * @return the new settings
	 */
	public CloudflaredSettings withPath(@Nullable String path) {
		return new CloudflaredSettings(path, this.gracePeriod, this.startupAttempts, this.rateLimitBackoff,
				this.retryDelay, this.pollInterval, this.pidfileDirectory, this.outputLines, this.namedToken,
				this.namedHostname);
	}

	/**
	 * Returns a copy with another grace period.
	 * @param gracePeriod time cloudflared has to stop after SIGTERM
	 * @return the new settings
	 */
	public CloudflaredSettings withGracePeriod(Duration gracePeriod) {
		return new CloudflaredSettings(this.path, gracePeriod, this.startupAttempts, this.rateLimitBackoff,
				this.retryDelay, this.pollInterval, this.pidfileDirectory, this.outputLines, this.namedToken,
				this.namedHostname);
	}

	/**
	 * Returns a copy with other start-up retry rules.
	 * @param startupAttempts most fresh quick tunnels per open
	 * @param rateLimitBackoff wait after a rate-limited attempt
	 * @param retryDelay wait after another failed attempt
	 * @return the new settings
	 */
	public CloudflaredSettings withRetries(int startupAttempts, Duration rateLimitBackoff, Duration retryDelay) {
		return new CloudflaredSettings(this.path, this.gracePeriod, startupAttempts, rateLimitBackoff, retryDelay,
				this.pollInterval, this.pidfileDirectory, this.outputLines, this.namedToken, this.namedHostname);
	}

	/**
	 * Returns a copy with another polling interval.
	 * @param pollInterval how often the metrics server is asked
	 * @return the new settings
	 */
	public CloudflaredSettings withPollInterval(Duration pollInterval) {
		return new CloudflaredSettings(this.path, this.gracePeriod, this.startupAttempts, this.rateLimitBackoff,
				this.retryDelay, pollInterval, this.pidfileDirectory, this.outputLines, this.namedToken,
				this.namedHostname);
	}

	/**
	 * Returns a copy with another pidfile directory.
	 * @param pidfileDirectory where pidfiles are kept
	 * @return the new settings
	 */
	public CloudflaredSettings withPidfileDirectory(Path pidfileDirectory) {
		return new CloudflaredSettings(this.path, this.gracePeriod, this.startupAttempts, this.rateLimitBackoff,
				this.retryDelay, this.pollInterval, pidfileDirectory, this.outputLines, this.namedToken,
				this.namedHostname);
	}

	/**
	 * Returns a copy that keeps another number of output lines.
	 * @param outputLines how many lines of output are kept
	 * @return the new settings
	 */
	public CloudflaredSettings withOutputLines(int outputLines) {
		return new CloudflaredSettings(this.path, this.gracePeriod, this.startupAttempts, this.rateLimitBackoff,
				this.retryDelay, this.pollInterval, this.pidfileDirectory, outputLines, this.namedToken,
				this.namedHostname);
	}

	/**
	 * Returns a copy with another named tunnel.
	 * @param token the tunnel token
	 * @param hostname the tunnel's public hostname
	 * @return the new settings
	 */
	public CloudflaredSettings withNamedTunnel(@Nullable String token, @Nullable String hostname) {
		return new CloudflaredSettings(this.path, this.gracePeriod, this.startupAttempts, this.rateLimitBackoff,
				this.retryDelay, this.pollInterval, this.pidfileDirectory, this.outputLines, token, hostname);
	}

	private static void requireNotNegative(Duration duration, String name) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative");
		}
	}

	@Override
	public String toString() {
		return "CloudflaredSettings[path=" + this.path + ", gracePeriod=" + this.gracePeriod + ", startupAttempts="
				+ this.startupAttempts + ", rateLimitBackoff=" + this.rateLimitBackoff + ", retryDelay="
				+ this.retryDelay + ", pollInterval=" + this.pollInterval + ", pidfileDirectory="
				+ this.pidfileDirectory + ", outputLines=" + this.outputLines + ", namedToken="
				+ ((this.namedToken == null || this.namedToken.isEmpty()) ? "unset" : "******") + ", namedHostname="
				+ this.namedHostname + "]";
	}

}
