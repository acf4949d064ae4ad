package dev.taskapp.tunnel.synth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.taskapp.tunnel.TunnelBackend;
import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelRequest;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The {@code synthtunnel} mode: leases a public route from the Synth backend
 * ({@code POST /api/v1/synthtunnel/leases}) and runs an in-process agent that holds a WebSocket
 * to the Synth relay and forwards each public request to the local server, adding the task-app
 * key. {@link #open} returns once the relay accepted the agent; the handle's
 * {@link TunnelHandle#workerToken() worker token} is what jobs must send as
 * {@code X-SynthTunnel-Worker-Token}. The lease is replaced before it expires; a changed route
 * is reported to the request's {@link dev.taskapp.tunnel.TunnelListener#routeChanged}. No
 * binary is needed.
 */
public final class SynthTunnelBackend implements TunnelBackend {

	private static final Log logger = LogFactory.getLog(SynthTunnelBackend.class);

	private final SynthTunnelSettings settings;

	private final HttpClient leaseHttpClient;

	private final Clock clock;

	/**
	 * Creates a backend.
	 * @param settings how to lease and run the agent
	 */
	public SynthTunnelBackend(SynthTunnelSettings settings) {
		this(settings, HttpClient.create(), Clock.systemUTC());
	}

	SynthTunnelBackend(SynthTunnelSettings settings, HttpClient leaseHttpClient, Clock clock) {
		this.settings = settings;
		this.leaseHttpClient = leaseHttpClient;
		this.clock = clock;
	}

	@Override
	public TunnelMode mode() {
		return TunnelMode.SYNTHTUNNEL;
	}

	@Override
	public TunnelHandle open(TunnelRequest request) throws TunnelStartException, InterruptedException {
		if (!this.settings.hasApiKey()) {
			throw new TunnelStartException(Reason.SYNTH_API_KEY_MISSING, TunnelMode.SYNTHTUNNEL,
					"Tunnel mode synthtunnel needs a Synth API key: set task-app.tunnel.synth.api-key or the "
							+ "SYNTH_API_KEY environment variable");
		}
		String clientInstanceId = ClientInstanceId.resolve(this.settings.clientInstanceIdFile());
		LeaseClient leases = new LeaseClient(this.leaseHttpClient, this.settings, this.clock);
		SynthTunnelLease lease = createLease(leases, clientInstanceId, request);
		FrameEncoder encoder = new FrameEncoder();
		LocalForwarder forwarder = new LocalForwarder(request.localHost(), request.localPort(), request.apiKeys(),
				this.settings.localConnectTimeout(), encoder);
		List<String> secrets = new ArrayList<>(request.apiKeys());
		secrets.add(String.valueOf(this.settings.apiKey()));
		AgentContext context = new AgentContext(clientInstanceId, request.localHost(), request.localPort(), forwarder,
				encoder, new SecretMask(secrets), this.settings.heartbeatInterval(), this.settings.attachTimeout(),
				this.settings.defaultRequestDeadline());
		SynthTunnelHandle handle = new SynthTunnelHandle(lease, leases,
				(leased, listener) -> new RelayAgent(leased, context, this.settings.reconnectInitialBackoff(),
						this.settings.reconnectMaxBackoff(), listener),
				new SynthTunnelHandle.LeaseTarget(clientInstanceId, request.localHost(), request.localPort()),
				this.settings, request.listener(), routeListener(request), this.clock,
				() -> forwarder.dispose(this.settings.closeTimeout()));
		try {
			await(handle.start(), request.remaining());
		}
		catch (TimeoutException ex) {
			handle.close();
			throw new TunnelStartException(Reason.PROCESS_FAILED, TunnelMode.SYNTHTUNNEL,
					"The SynthTunnel agent did not attach to the relay at " + lease.agentUrlForLogs()
							+ " before the start-up deadline (" + handle.lastProblem() + ")");
		}
		catch (ExecutionException ex) {
			handle.close();
			Throwable cause = ex.getCause();
			Reason reason = (cause instanceof RelayAgent.RelayRefusedException) ? Reason.LEASE_FAILED
					: Reason.PROCESS_FAILED;
			throw new TunnelStartException(reason, TunnelMode.SYNTHTUNNEL,
					"The SynthTunnel agent could not attach lease " + lease.leaseId() + " to the relay at "
							+ lease.agentUrlForLogs() + ": " + ((cause != null) ? cause.getMessage() : ex.getMessage()));
		}
		catch (InterruptedException ex) {
			handle.close();
			throw ex;
		}
		handle.scheduleRenewal();
		if (lease.workerToken() == null) {
			logger.warn("The SynthTunnel lease " + lease.leaseId() + " came without a worker token; "
					+ "jobs may be refused by the relay");
		}
		logger.info("SynthTunnel ready at " + lease.publicUrl() + " (lease " + lease.leaseId() + ", expires "
				+ lease.expiresAt() + ")");
		return handle;
	}

	private SynthTunnelRouteListener routeListener(TunnelRequest request) {
		return request.listener()::routeChanged;
	}

	private SynthTunnelLease createLease(LeaseClient leases, String clientInstanceId, TunnelRequest request)
			throws TunnelStartException, InterruptedException {
		try {
			return await(leases.create(clientInstanceId, request.localHost(), request.localPort()),
					request.remaining());
		}
		catch (TimeoutException ex) {
			throw new TunnelStartException(Reason.LEASE_FAILED, TunnelMode.SYNTHTUNNEL,
					"The Synth backend did not grant a SynthTunnel lease before the start-up deadline");
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			Reason reason = (cause instanceof LeaseException lease && lease.getKind() == LeaseException.Kind.NO_PUBLIC_URL)
					? Reason.NO_URL : Reason.LEASE_FAILED;
			throw new TunnelStartException(reason, TunnelMode.SYNTHTUNNEL, String.valueOf(cause.getMessage()),
					(cause instanceof LeaseException) ? null : cause);
		}
	}

	private static <T> T await(Mono<T> mono, Duration timeout)
			throws TimeoutException, ExecutionException, InterruptedException {
		CompletableFuture<T> future = mono.toFuture();
		try {
			return future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		finally {
			future.cancel(true);
		}
	}

}
