package dev.taskapp.tunnel.cloudflare;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.taskapp.tunnel.TunnelBackend;
import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelRequest;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import dev.taskapp.tunnel.cloudflare.CloudflaredLauncher.TunnelSpec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Mode {@code named}: a named Cloudflare tunnel, run by
 * {@code cloudflared tunnel --no-autoupdate --config <empty> --metrics 127.0.0.1:<free port> run}
 * with its token in the child's {@code TUNNEL_TOKEN} environment variable only, never on the
 * command line. The public URL is {@code https://} and the configured hostname; the tunnel is
 * open once the metrics server's {@code /ready} reports an edge connection. The tunnel's
 * routes (its ingress) are configured in Cloudflare and must lead to this application's port.
 */
public final class NamedTunnelBackend implements TunnelBackend {

	private static final Pattern HOSTNAME = Pattern
		.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

	private static final Log logger = LogFactory.getLog(NamedTunnelBackend.class);

	private final CloudflaredSettings settings;

	private final CloudflaredLauncher launcher;

	/**
	 * Creates the backend; nothing is started before {@link #open}.
	 * @param settings the cloudflared settings, with the named tunnel's token and hostname
	 */
	public NamedTunnelBackend(CloudflaredSettings settings) {
		this(settings, new CloudflaredLocator(settings.path()));
	}

	NamedTunnelBackend(CloudflaredSettings settings, CloudflaredLocator locator) {
		this.settings = settings;
		this.launcher = new CloudflaredLauncher(settings, locator);
	}

	@Override
	public TunnelMode mode() {
		return TunnelMode.NAMED;
	}

	/**
	 * Checks the token and hostname without starting anything.
	 * @return the public URL, {@code https://} and the hostname
	 * @throws TunnelStartException with {@link Reason#NAMED_CONFIGURATION_MISSING} if the token or
	 * the hostname is missing, or the hostname is not one
	 */
	public String checkedUrl() throws TunnelStartException {
		String token = this.settings.namedToken();
		String configured = this.settings.namedHostname();
		if (token == null || token.isBlank() || configured == null || configured.isBlank()) {
			boolean noToken = token == null || token.isBlank();
			boolean noHostname = configured == null || configured.isBlank();
			String missing = (noToken && noHostname) ? "task-app.tunnel.named.token and task-app.tunnel.named.hostname are"
					: noToken ? "task-app.tunnel.named.token is" : "task-app.tunnel.named.hostname is";
			throw new TunnelStartException(Reason.NAMED_CONFIGURATION_MISSING, TunnelMode.NAMED,
					"Tunnel mode 'named' needs task-app.tunnel.named.token and task-app.tunnel.named.hostname; "
							+ missing + " not set");
		}
		String hostname = hostname(configured);
		if (!HOSTNAME.matcher(hostname).matches()) {
			throw new TunnelStartException(Reason.NAMED_CONFIGURATION_MISSING, TunnelMode.NAMED,
					"task-app.tunnel.named.hostname '" + configured + "' is not a hostname such as tasks.example.com");
		}
		return "https://" + hostname;
	}

	private static String hostname(String configured) {
		String hostname = configured.strip().toLowerCase(Locale.ROOT);
		if (hostname.startsWith("https://")) {
			hostname = hostname.substring("https://".length());
		}
		else if (hostname.startsWith("http://")) {
			hostname = hostname.substring("http://".length());
		}
		while (hostname.endsWith("/")) {
			hostname = hostname.substring(0, hostname.length() - 1);
		}
		return hostname;
	}

	@Override
	public TunnelHandle open(TunnelRequest request) throws TunnelStartException, InterruptedException {
		String url = checkedUrl();
		String token = Objects.requireNonNull(this.settings.namedToken()).strip();
		logger.info("Starting the named tunnel " + url + "; its ingress, configured in Cloudflare, must lead to "
				+ "http://" + QuickTunnelBackend.loopbackHost(request.localHost()) + ":" + request.localPort());
		TunnelSpec spec = new TunnelSpec(TunnelMode.NAMED, "named tunnel", List.of("run"),
				Map.of("TUNNEL_TOKEN", token), List.of(token), (metrics, log) -> url);
		return this.launcher.launch(spec, request);
	}

}
