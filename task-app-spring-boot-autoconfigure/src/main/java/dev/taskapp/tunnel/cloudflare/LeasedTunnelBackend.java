package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 * Mode {@code named} through the Synth backend's lease API
 * ({@code task-app.tunnel.named.api=lease}): a Cloudflare tunnel leased with
 * {@code POST /v1/tunnels/lease}, whose ingress leads to a local gateway that strips the
 * lease's route prefix before forwarding to the task app. cloudflared runs with the lease's
 * token in its {@code TUNNEL_TOKEN} environment variable only; the lease is kept alive by a
 * heartbeat every 30 s and released when the tunnel closes. {@code force-new} asks for a fresh
 * connector instead of the one leased before.
 */
public final class LeasedTunnelBackend implements TunnelBackend {

	private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(LeasedTunnelBackend.class);

	private final ManagedTunnelSettings settings;

	private final ManagedTunnelClient client;

	private final CloudflaredLauncher launcher;

	/**
	 * Creates the backend; nothing is asked or started before {@link #open}.
	 * @param settings the Synth API key, backend and rotation choice
	 * @param cloudflared how cloudflared is found, started and stopped
	 */
	public LeasedTunnelBackend(ManagedTunnelSettings settings, CloudflaredSettings cloudflared) {
		this(settings, cloudflared, new CloudflaredLocator(cloudflared.path()));
	}

	LeasedTunnelBackend(ManagedTunnelSettings settings, CloudflaredSettings cloudflared, CloudflaredLocator locator) {
		this.settings = settings;
		this.client = new ManagedTunnelClient(
				HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build(),
				settings.apiKey(), settings.backendUrl());
		this.launcher = new CloudflaredLauncher(cloudflared, locator);
	}

	@Override
	public TunnelMode mode() {
		return TunnelMode.NAMED;
	}

	@Override
	public TunnelHandle open(TunnelRequest request) throws TunnelStartException, InterruptedException {
		ManagedLease lease = this.client.lease(clientInstanceId(), request.localPort(), !this.settings.forceNew(),
				request.remaining());
		LeaseGateway gateway = null;
		CloudflaredTunnel tunnel = null;
		boolean opened = false;
		try {
			if (lease.routePrefix().isEmpty()) {
				throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
						"The tunnel lease's public_url " + lease.url() + " has no route prefix");
			}
			gateway = startGateway(lease, request);
			List<String> secrets = new ArrayList<>(this.client.secrets());
			secrets.add(lease.tunnelToken());
			TunnelSpec spec = new TunnelSpec(TunnelMode.NAMED, "leased tunnel", List.of("run"),
					Map.of("TUNNEL_TOKEN", lease.tunnelToken()), secrets, (metrics, log) -> lease.url());
			tunnel = this.launcher.launch(spec, request);
			LeasedTunnel leased = new LeasedTunnel(tunnel, gateway, lease, this.client);
			leased.startHeartbeat();
			opened = true;
			logger.info("Leased tunnel " + lease.url() + " (lease " + lease.leaseId() + ") leads through 127.0.0.1:"
					+ lease.gatewayPort() + " to " + request.localUrl());
			return leased;
		}
		finally {
			if (!opened) {
				if (tunnel != null) {
					tunnel.close();
				}
				if (gateway != null) {
					gateway.close();
				}
				this.client.release(lease.leaseId(), CALL_TIMEOUT);
			}
		}
	}

	private static LeaseGateway startGateway(ManagedLease lease, TunnelRequest request) throws TunnelStartException {
		try {
			return LeaseGateway.start(lease.gatewayPort(), lease.routePrefix(), request.localUrl());
		}
		catch (IOException ex) {
			throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
					"The tunnel gateway cannot listen on 127.0.0.1:" + lease.gatewayPort()
							+ ", the port the lease's ingress leads to: " + ex.getMessage(),
					ex);
		}
	}

	private static String clientInstanceId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			host = "localhost";
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((host + ":" + System.getProperty("user.home")).getBytes(StandardCharsets.UTF_8));
			return "task-app-" + HexFormat.of().formatHex(digest, 0, 12) + "-cloudflared";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "LeasedTunnelBackend[" + this.settings + "]";
	}

	/**
	 * An open leased tunnel: cloudflared, the gateway and the lease's heartbeat; closing stops
	 * all three and releases the lease.
	 */
	static final class LeasedTunnel implements TunnelHandle {

		private final CloudflaredTunnel tunnel;

		private final LeaseGateway gateway;

		private final ManagedLease lease;

		private final ManagedTunnelClient client;

		private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "task-app-lease-heartbeat");
			thread.setDaemon(true);
			return thread;
		});

		LeasedTunnel(CloudflaredTunnel tunnel, LeaseGateway gateway, ManagedLease lease, ManagedTunnelClient client) {
			this.tunnel = tunnel;
			this.gateway = gateway;
			this.lease = lease;
			this.client = client;
		}

		void startHeartbeat() {
			this.heartbeat.scheduleWithFixedDelay(() -> {
				try {
					this.client.heartbeat(this.lease.leaseId(), CALL_TIMEOUT);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, 0, HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		}

		/**
		 * Returns the port of the local gateway.
		 * @return the port
		 */
		int gatewayPort() {
			return this.gateway.port();
		}

		/**
		 * Returns cloudflared's pid.
		 * @return the pid
		 */
		long pid() {
			return this.tunnel.pid();
		}

		@Override
		public String publicUrl() {
			return this.lease.url();
		}

		@Override
		public String describe() {
			return this.tunnel.describe() + ", lease " + this.lease.leaseId() + ", gateway 127.0.0.1:"
					+ this.lease.gatewayPort();
		}

		@Override
		public void close() {
			this.heartbeat.shutdownNow();
			this.tunnel.close();
			this.gateway.close();
			try {
				this.client.release(this.lease.leaseId(), CALL_TIMEOUT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public String toString() {
			return "LeasedTunnel[" + publicUrl() + ", " + describe() + "]";
		}

	}

}
