package dev.taskapp.tunnel.cloudflare;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads cloudflared's log lines as they are drained: the quick tunnel's URL (the fallback when
 * the metrics server does not give it), the registration of an edge connection, and the
 * lines that say Cloudflare refused the quick tunnel. Lines arrive from two threads.
 */
final class CloudflaredLogWatcher implements Consumer<String> {

	/**
	 * A quick tunnel's URL; never {@code https://api.trycloudflare.com}, which error lines name.
	 */
	static final Pattern QUICK_TUNNEL_URL = Pattern.compile("https://(?!api\\.)[a-z0-9-]+\\.trycloudflare\\.com\\b",
			Pattern.CASE_INSENSITIVE);

	/**
	 * Cloudflare's rate limiting: HTTP 429, or its error 1015 page.
	 */
	static final Pattern RATE_LIMITED = Pattern.compile(
			"429 Too Many Requests|status_code=\"?429\\b|error code:? ?1015\\b|\\brate[- ]limited\\b",
			Pattern.CASE_INSENSITIVE);

	/**
	 * cloudflared could not get a quick tunnel; it exits right after.
	 */
	static final Pattern QUICK_TUNNEL_FAILED = Pattern.compile(
			"failed to (?:unmarshal|request) quick Tunnel|Error unmarshaling QuickTunnel response",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern CONNECTION_REGISTERED = Pattern.compile("Registered tunnel connection");

	private volatile @Nullable String quickTunnelUrl;

	private volatile boolean rateLimited;

	private volatile boolean connectionRegistered;

	private volatile @Nullable String failure;

	@Override
	public void accept(String line) {
		if (this.quickTunnelUrl == null) {
			Matcher url = QUICK_TUNNEL_URL.matcher(line);
			if (url.find()) {
				this.quickTunnelUrl = url.group().toLowerCase(Locale.ROOT);
			}
		}
		if (RATE_LIMITED.matcher(line).find()) {
			this.rateLimited = true;
		}
		if (this.failure == null && (this.rateLimited || QUICK_TUNNEL_FAILED.matcher(line).find())) {
			this.failure = line.strip();
		}
		if (CONNECTION_REGISTERED.matcher(line).find()) {
			this.connectionRegistered = true;
		}
	}

	/**
	 * Returns the quick tunnel URL the log announced.
	 * @return the URL, such as {@code https://oklahoma-solo-younger-truck.trycloudflare.com},
	 * or {@code null}
	 */
	@Nullable String quickTunnelUrl() {
		return this.quickTunnelUrl;
	}

	/**
	 * Returns whether a line said Cloudflare refused a request for too many requests.
	 * @return whether cloudflared was rate limited
	 */
	boolean rateLimited() {
		return this.rateLimited;
	}

	/**
	 * Returns whether an edge connection was registered.
	 * @return whether the log showed a registered connection
	 */
	boolean connectionRegistered() {
		return this.connectionRegistered;
	}

	/**
	 * Returns the first line that said the quick tunnel could not be requested.
	 * @return the line, or {@code null}
	 */
	@Nullable String failure() {
		return this.failure;
	}

}
