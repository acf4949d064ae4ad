package dev.taskapp.tunnel.cloudflare;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * Mode {@code named} with only a Synth API key: a Cloudflare tunnel the Synth backend manages
 * for the account. The backend is asked for the account's tunnel ({@code GET /api/v1/tunnels/})
 * and, when there is none, creates one whose ingress leads to the local port
 * ({@code POST /api/v1/tunnels/}); {@code force-new} rotates it first
 * ({@code POST /api/v1/tunnels/rotate}), once per application. cloudflared then runs the tunnel
 * with its token in the child's {@code TUNNEL_TOKEN} environment variable only, and, unless the
 * backend reported the hostname's DNS record verified, the hostname must resolve before the
 * deadline. The public URL is {@code https://<hostname>}.
 */
public final class ManagedTunnelBackend implements TunnelBackend {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration DNS_POLL_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(ManagedTunnelBackend.class);

	private final ManagedTunnelSettings settings;

	private final CloudflaredSettings cloudflared;

	private final ManagedTunnelClient client;

	private final CloudflaredLauncher launcher;

	private final HostnameResolver resolver;

	private final AtomicBoolean rotationDue;

	/**
	 * Creates the backend; nothing is asked or started before {@link #open}.
	 * @param settings the Synth API key, backend and rotation choice
	 * @param cloudflared how cloudflared is found, started and stopped
	 */
	public ManagedTunnelBackend(ManagedTunnelSettings settings, CloudflaredSettings cloudflared) {
		this(settings, cloudflared, new CloudflaredLocator(cloudflared.path()), HostnameResolver.SYSTEM);
	}

	ManagedTunnelBackend(ManagedTunnelSettings settings, CloudflaredSettings cloudflared, CloudflaredLocator locator,
			HostnameResolver resolver) {
		this.settings = settings;
		this.cloudflared = cloudflared;
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(CONNECT_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		this.client = new ManagedTunnelClient(http, settings.apiKey(), settings.backendUrl());
		this.launcher = new CloudflaredLauncher(cloudflared, locator);
		this.resolver = resolver;
		this.rotationDue = new AtomicBoolean(settings.forceNew());
	}

	@Override
	public TunnelMode mode() {
		return TunnelMode.NAMED;
	}

	@Override
	public TunnelHandle open(TunnelRequest request) throws TunnelStartException, InterruptedException {
		ManagedTunnel tunnel = obtain(request);
		logger.info("Starting the managed tunnel " + tunnel.url() + " to " + request.localUrl());
		List<String> secrets = new ArrayList<>(this.client.secrets());
		secrets.add(tunnel.tunnelToken());
		TunnelSpec spec = new TunnelSpec(TunnelMode.NAMED, "managed tunnel", List.of("run"),
				Map.of("TUNNEL_TOKEN", tunnel.tunnelToken()), secrets, (metrics, log) -> tunnel.url());
		CloudflaredTunnel handle = this.launcher.launch(spec, request);
		boolean resolved = false;
		try {
			awaitDns(tunnel, request);
			resolved = true;
			return handle;
		}
		finally {
			if (!resolved) {
				handle.close();
			}
		}
	}

	private ManagedTunnel obtain(TunnelRequest request) throws TunnelStartException, InterruptedException {
		if (this.rotationDue.get()) {
			ManagedTunnel rotated = this.client.rotate(request.localPort(), request.remaining());
			this.rotationDue.set(false);
			logger.info("The Synth backend rotated the managed tunnel (task-app.tunnel.named.force-new=true); the new"
					+ " one is " + rotated.url());
			return rotated;
		}
		ManagedTunnel existing = this.client.find(this.settings.hostname(), request.remaining());
		if (existing != null) {
			logger.debug("Reusing the account's managed tunnel " + existing.url());
			return existing;
		}
		ManagedTunnel created = this.client.create(request.localPort(), request.remaining());
		logger.info("The Synth backend created the managed tunnel " + created.url());
		return created;
	}

	private void awaitDns(ManagedTunnel tunnel, TunnelRequest request) throws TunnelStartException, InterruptedException {
		if (Boolean.TRUE.equals(tunnel.dnsVerified())) {
			return;
		}
		while (!this.resolver.resolves(tunnel.hostname())) {
			Duration left = request.remaining();
			if (left.isZero()) {
				throw new TunnelStartException(Reason.MANAGED_TUNNEL_DNS_PENDING, TunnelMode.NAMED,
						"The DNS record of the managed tunnel " + tunnel.hostname()
								+ " is not verified yet: the Synth backend reported dns_verified="
								+ tunnel.dnsVerified() + " and the hostname did not resolve before the start-up"
								+ " deadline");
			}
			Thread.sleep(Math.max(1, Math.min(left.toMillis(), DNS_POLL_INTERVAL.toMillis())));
		}
	}

	@Override
	public String toString() {
		return "ManagedTunnelBackend[" + this.settings + ", " + this.cloudflared + "]";
	}

}
