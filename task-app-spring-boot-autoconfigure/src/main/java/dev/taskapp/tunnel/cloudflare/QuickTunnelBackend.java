package dev.taskapp.tunnel.cloudflare;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taskapp.tunnel.TunnelBackend;
import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelRequest;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import dev.taskapp.tunnel.cloudflare.CloudflaredLauncher.TunnelSpec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Mode {@code quick}: a Cloudflare quick tunnel on trycloudflare.com, run by
 * {@code cloudflared tunnel --no-autoupdate --config <empty> --metrics 127.0.0.1:<free port>
 * --url http://127.0.0.1:<port>}. The URL comes from the metrics server's
 * {@code /quicktunnel}, else from cloudflared's log; the tunnel is open once {@code /ready}
 * reports an edge connection. One {@link #open} requests at most
 * {@link CloudflaredSettings#startupAttempts()} fresh tunnels; after Cloudflare refused one for
 * too many requests it waits {@link CloudflaredSettings#rateLimitBackoff()} first, unless the
 * deadline comes sooner, in which case it gives up at once.
 */
public final class QuickTunnelBackend implements TunnelBackend {

	private static final Log logger = LogFactory.getLog(QuickTunnelBackend.class);

	private final CloudflaredSettings settings;

	private final CloudflaredLauncher launcher;

	/**
	 * Creates the backend; nothing is started before {@link #open}.
	 * @param settings the cloudflared settings
	 */
	public QuickTunnelBackend(CloudflaredSettings settings) {
		this(settings, new CloudflaredLocator(settings.path()));
	}

	QuickTunnelBackend(CloudflaredSettings settings, CloudflaredLocator locator) {
		this.settings = settings;
		this.launcher = new CloudflaredLauncher(settings, locator);
	}

	@Override
	public TunnelMode mode() {
		return TunnelMode.QUICK;
	}

	@Override
	public TunnelHandle open(TunnelRequest request) throws TunnelStartException, InterruptedException {
		TunnelSpec spec = new TunnelSpec(TunnelMode.QUICK, "quick tunnel",
				List.of("--url", "http://" + loopbackHost(request.localHost()) + ":" + request.localPort()), Map.of(),
				List.of(), (metrics, log) -> {
					String url = metrics.quickTunnelUrl();
					return (url != null) ? url : log.quickTunnelUrl();
				});
		int attempts = this.settings.startupAttempts();
		for (int attempt = 1;; attempt++) {
			try {
				return this.launcher.launch(spec, request);
			}
			catch (TunnelStartException ex) {
				Duration wait = waitBeforeRetry(ex);
				if (attempt == attempts || wait == null || wait.compareTo(request.remaining()) >= 0) {
					throw gaveUp(ex, attempt);
				}
				logger.warn("Quick tunnel attempt " + attempt + " of " + attempts + " failed (" + summary(ex)
						+ "); requesting a fresh one in " + wait.toMillis() + " ms");
				Thread.sleep(wait.toMillis());
			}
		}
	}

	private @Nullable Duration waitBeforeRetry(TunnelStartException failure) {
		if (failure.getReason() == Reason.RATE_LIMITED) {
			return this.settings.rateLimitBackoff();
		}
		if (failure.getReason() == Reason.PROCESS_FAILED) {
			return this.settings.retryDelay();
		}
		return null;
	}

	private TunnelStartException gaveUp(TunnelStartException last, int attempts) {
		if (last.getReason() == Reason.RATE_LIMITED) {
			return new TunnelStartException(Reason.RATE_LIMITED, TunnelMode.QUICK, "No quick tunnel after " + attempts
					+ ((attempts == 1) ? " attempt" : " attempts") + ": " + last.getMessage()
					+ "\nCloudflare limits how many quick tunnels one address may request: wait 5 to 10 minutes,"
					+ " or use a named tunnel (task-app.tunnel.mode=named) or SynthTunnel (task-app.tunnel.mode=synthtunnel).",
					last);
		}
		if (attempts == 1) {
			return last;
		}
		return new TunnelStartException(last.getReason(), TunnelMode.QUICK,
				"No quick tunnel after " + attempts + " attempts: " + last.getMessage(), last);
	}

	private static String summary(TunnelStartException failure) {
		String message = String.valueOf(failure.getMessage());
		int end = message.indexOf(CloudflaredLauncher.OUTPUT_INTRODUCTION);
		return (end < 0) ? message : message.substring(0, end);
	}

	/**
	 * Returns the host cloudflared forwards to: a wildcard bind address becomes the loopback
	 * address of its family.
	 * @param host the local server's host
	 * @return the host to connect to
	 */
	static String loopbackHost(String host) {
		return switch (host) {
			case "0.0.0.0", "" -> "127.0.0.1";
			case "::", "[::]", "0:0:0:0:0:0:0:0", "[0:0:0:0:0:0:0:0]" -> "[::1]";
			default -> host;
		};
	}

}
