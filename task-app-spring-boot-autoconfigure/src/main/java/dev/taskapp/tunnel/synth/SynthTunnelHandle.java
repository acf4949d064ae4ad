package dev.taskapp.tunnel.synth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * An open SynthTunnel: the current lease and the agent serving it. Before the lease expires a
 * new lease is taken and a new agent attaches it; only then does the tunnel switch over and
 * report a changed URL or worker token to the {@link SynthTunnelRouteListener}. The replaced
 * agent keeps serving its old route until that lease expires (so jobs still using the old URL
 * finish), then stops and its lease is deleted. A lease the relay refuses is replaced at once
 * and retired at once. When no new lease can be had before the current one expires, or the
 * backend refuses one for good, the tunnel is reported lost. Closing stops every agent and
 * deletes every lease, waiting at most the close timeout.
 */
final class SynthTunnelHandle implements TunnelHandle {

	private static final Log logger = LogFactory.getLog(SynthTunnelHandle.class);

	private final LeaseClient leases;

	private final AgentFactory agents;

	private final LeaseTarget target;

	private final SynthTunnelSettings settings;

	private final RenewalSchedule schedule;

	private final TunnelListener listener;

	private final SynthTunnelRouteListener routeListener;

	private final Clock clock;

	private final Runnable onClose;

	private final Disposable.Swap renewal = Disposables.swap();

	private final Disposable.Composite retirements = Disposables.composite();

	private final List<RelayAgent> retiring = new CopyOnWriteArrayList<>();

	private final Backoff renewalBackoff;

	private final AtomicBoolean renewing = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicBoolean lost = new AtomicBoolean();

	private final AtomicReference<@Nullable SynthTunnelLease> pending = new AtomicReference<>();

	private volatile RelayAgent agent;

	SynthTunnelHandle(SynthTunnelLease lease, LeaseClient leases, AgentFactory agents, LeaseTarget target,
			SynthTunnelSettings settings, TunnelListener listener, SynthTunnelRouteListener routeListener, Clock clock,
			Runnable onClose) {
		this.leases = leases;
		this.agents = agents;
		this.target = target;
		this.settings = settings;
		this.schedule = new RenewalSchedule(settings.renewBefore());
		this.listener = listener;
		this.routeListener = routeListener;
		this.clock = clock;
		this.onClose = onClose;
		this.renewalBackoff = new Backoff(settings.reconnectInitialBackoff(), settings.reconnectMaxBackoff());
		this.agent = agents.create(lease, this::leaseRefused);
	}

	/**
	 * Starts the first agent.
	 * @return completes once the relay accepted it
	 */
	Mono<Void> start() {
		this.agent.start();
		return this.agent.ready();
	}

	/**
	 * Returns the current agent's last connection problem, for error messages.
	 * @return the problem
	 */
	String lastProblem() {
		return this.agent.lastProblem();
	}

	/**
	 * Plans the replacement of the current lease.
	 */
	void scheduleRenewal() {
		Duration delay = this.schedule.delayUntilRenewal(this.clock.instant(), this.agent.lease().expiresAt());
		renewAfter(delay, false);
	}

	SynthTunnelLease lease() {
		return this.agent.lease();
	}

	@Override
	public String publicUrl() {
		return this.agent.lease().publicUrl();
	}

	@Override
	public OptionalInt maxInFlight() {
		return OptionalInt.of(this.agent.lease().maxInflight());
	}

	@Override
	public @Nullable String workerToken() {
		return this.agent.lease().workerToken();
	}

	@Override
	public String leaseId() {
		return this.agent.lease().leaseId();
	}

	@Override
	public String describe() {
		RelayAgent current = this.agent;
		SynthTunnelLease lease = current.lease();
		return "SynthTunnel lease " + lease.leaseId() + " via " + lease.agentUrlForLogs() + " (expires "
				+ lease.expiresAt() + ", " + current.connectionAttempts() + " relay connection(s))";
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.renewal.dispose();
		this.retirements.dispose();
		List<SynthTunnelLease> toDelete = new ArrayList<>();
		RelayAgent current = this.agent;
		current.stop();
		toDelete.add(current.lease());
		for (RelayAgent old : this.retiring) {
			old.stop();
			toDelete.add(old.lease());
		}
		this.retiring.clear();
		SynthTunnelLease unfinished = this.pending.getAndSet(null);
		if (unfinished != null && toDelete.stream().noneMatch((lease) -> lease.leaseId().equals(unfinished.leaseId()))) {
			toDelete.add(unfinished);
		}
		try {
			Mono.when(toDelete.stream().map(this::delete).toList())
				.toFuture()
				.get(this.settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
			logger.info("SynthTunnel closed; lease " + current.lease().leaseId() + " deleted");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Interrupted while deleting SynthTunnel lease " + current.lease().leaseId()
					+ "; it expires at " + current.lease().expiresAt());
		}
		catch (Exception ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			logger.warn("Could not delete SynthTunnel lease " + current.lease().leaseId() + " within "
					+ this.settings.closeTimeout().toMillis() + "ms (" + cause.getMessage() + "); it expires at "
					+ current.lease().expiresAt());
		}
		finally {
			this.onClose.run();
		}
	}

	private Mono<Void> delete(SynthTunnelLease lease) {
		return this.leases.delete(lease.leaseId());
	}

	private void leaseRefused(RelayAgent refusedAgent, String reason) {
		if (refusedAgent != this.agent || this.closed.get() || !refusedAgent.hasAttached()) {
			return;
		}
		if (!this.renewing.get()) {
			logger.warn("SynthTunnel lease " + refusedAgent.lease().leaseId() + " no longer works (" + reason
					+ "); taking a new one");
			renewAfter(Duration.ZERO, true);
		}
	}

	private void renewAfter(Duration delay, boolean retireAtOnce) {
		if (this.closed.get()) {
			return;
		}
		this.renewal.update(Mono.delay(delay)
			.then(Mono.defer(() -> replaceLease(retireAtOnce)))
			.subscribe(null, this::renewalFailed, this::scheduleRenewal));
		if (this.closed.get()) {
			this.renewal.dispose();
		}
	}

	private Mono<Void> replaceLease(boolean retireAtOnce) {
		if (!this.renewing.compareAndSet(false, true)) {
			return Mono.empty();
		}
		RelayAgent old = this.agent;
		return this.leases.create(this.target.clientInstanceId(), this.target.localHost(), this.target.localPort())
			.flatMap((lease) -> attach(lease, old, retireAtOnce))
			.doFinally((signal) -> this.renewing.set(false));
	}

	private Mono<Void> attach(SynthTunnelLease lease, RelayAgent old, boolean retireAtOnce) {
		this.pending.set(lease);
		if (this.closed.get()) {
			return abandon(lease, null, new IllegalStateException("closed"));
		}
		RelayAgent next = this.agents.create(lease, this::leaseRefused);
		next.start();
		Duration wait = this.settings.attachTimeout().plus(this.settings.leaseTimeout());
		return next.ready()
			.timeout(wait, Mono.error(() -> new IllegalStateException("the new lease's agent did not attach within "
					+ wait.toMillis() + "ms: " + next.lastProblem())))
			.onErrorResume((ex) -> abandon(lease, next, ex))
			.then(Mono.fromRunnable(() -> switchTo(next, old, retireAtOnce)));
	}

	private Mono<Void> abandon(SynthTunnelLease lease, @Nullable RelayAgent next, Throwable ex) {
		if (next != null) {
			next.stop();
		}
		this.pending.compareAndSet(lease, null);
		return delete(lease).onErrorResume((deleteFailure) -> Mono.empty()).then(Mono.error(ex));
	}

	private void switchTo(RelayAgent next, RelayAgent old, boolean retireAtOnce) {
		this.pending.compareAndSet(next.lease(), null);
		if (this.closed.get()) {
			next.stop();
			delete(next.lease()).subscribe(null, (ex) -> {
			});
			return;
		}
		this.agent = next;
		synchronized (this.renewalBackoff) {
			this.renewalBackoff.reset();
		}
		SynthTunnelLease oldLease = old.lease();
		SynthTunnelLease newLease = next.lease();
		retire(old, retireAtOnce ? Duration.ZERO : Duration.between(this.clock.instant(), oldLease.expiresAt()));
		logger.info("SynthTunnel switched from lease " + oldLease.leaseId() + " to " + newLease.leaseId()
				+ " (expires " + newLease.expiresAt() + ")"
				+ (oldLease.publicUrl().equals(newLease.publicUrl()) ? "" : "; public URL is now " + newLease.publicUrl()));
		if (!oldLease.publicUrl().equals(newLease.publicUrl())
				|| !Objects.equals(oldLease.workerToken(), newLease.workerToken())) {
			try {
				this.routeListener.routeChanged(newLease.publicUrl(), newLease.workerToken());
			}
			catch (RuntimeException ex) {
				logger.warn("SynthTunnel route listener failed", ex);
			}
		}
	}

	private void retire(RelayAgent old, Duration after) {
		this.retiring.add(old);
		Duration delay = after.isNegative() ? Duration.ZERO : after;
		this.retirements.add(Mono.delay(delay).subscribe((tick) -> {
			if (this.retiring.remove(old)) {
				old.stop();
				SynthTunnelLease lease = old.lease();
				delete(lease).subscribe(null, (ex) -> logger.warn("Could not delete the replaced SynthTunnel lease "
						+ lease.leaseId() + " (" + ex.getMessage() + "); it expires at " + lease.expiresAt()));
			}
		}));
	}

	private void renewalFailed(Throwable ex) {
		if (this.closed.get()) {
			return;
		}
		SynthTunnelLease current = this.agent.lease();
		Instant now = this.clock.instant();
		boolean permanent = ex instanceof LeaseException lease && !lease.isTransient();
		if (permanent || !now.isBefore(current.expiresAt())) {
			String message = "SynthTunnel lease " + current.leaseId()
					+ (permanent ? "" : " expired at " + current.expiresAt() + " and") + " could not be replaced: "
					+ ex.getMessage();
			if (this.lost.compareAndSet(false, true)) {
				logger.error(message);
				this.listener.tunnelLost(new IllegalStateException(message, ex));
			}
			return;
		}
		Duration delay;
		synchronized (this.renewalBackoff) {
			delay = this.renewalBackoff.next();
		}
		Duration untilExpiry = Duration.between(now, current.expiresAt());
		if (delay.compareTo(untilExpiry) > 0) {
			delay = untilExpiry;
		}
		logger.warn("Could not replace SynthTunnel lease " + current.leaseId() + " (" + ex.getMessage()
				+ "); trying again in " + delay.toMillis() + "ms");
		renewAfter(delay, false);
	}

	/**
	 * Creates the agent of a lease.
	 */
	@FunctionalInterface
	interface AgentFactory {

		/**
		 * Creates an agent, not yet started.
		 * @param lease the lease it serves
		 * @param listener told when the relay refuses the lease
		 * @return the agent
		 */
		RelayAgent create(SynthTunnelLease lease, RelayAgent.Listener listener);

	}

	/**
	 * What every lease of this tunnel asks for.
	 *
	 * @param clientInstanceId this machine's id
	 * @param localHost the local server's host
	 * @param localPort the local server's port
	 */
	record LeaseTarget(String clientInstanceId, String localHost, int localPort) {
	}

}
