package dev.taskapp.tunnel;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.IntSupplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Makes the running task app reachable and tells the application where. Starts once the web
 * server listens: waits for the local {@code /health}, opens the tunnel with the configured
 * {@link TunnelBackend}, verifies the public URL's {@code /health}, then completes
 * {@link TaskAppUrl} and publishes {@link TaskAppUrlReadyEvent}. A tunnel lost later is
 * reopened with backoff ({@link TaskAppUrlChangedEvent} when its URL changed). Stops before
 * the web server drains, so in-flight requests through the tunnel still complete.
 */
public final class TunnelManager implements SmartLifecycle {

	/** Phase: after the web server started, and stopped before its graceful shutdown. */
	public static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 512;

	static final String OBSERVATION_NAME = "task.app.tunnel.start";

	private static final Log logger = LogFactory.getLog(TunnelManager.class);

	private static final Duration LOCAL_PROBE_INTERVAL = Duration.ofMillis(100);

	/** Cloudflare asks for minutes, not seconds, after refusing a quick tunnel. */
	private static final Duration RATE_LIMIT_BACKOFF = Duration.ofMinutes(5);

	private final TunnelBackend backend;

	private final TaskAppUrl taskAppUrl;

	private final TunnelManagerSettings settings;

	private final IntSupplier localPort;

	private final ApplicationEventPublisher events;

	private final ObservationRegistry observations;

	private final HealthProbe localProbe = new HealthProbe(Duration.ofSeconds(2), LOCAL_PROBE_INTERVAL,
			LOCAL_PROBE_INTERVAL);

	private final HealthProbe publicProbe = new HealthProbe(Duration.ofSeconds(10), Duration.ofMillis(500),
			Duration.ofSeconds(3));

	private final Object monitor = new Object();

	private volatile boolean running;

	private volatile TunnelState state = TunnelState.STOPPED;

	private volatile @Nullable Throwable lastFailure;

	private @Nullable TunnelHandle handle;

	private int generation;

	private @Nullable Thread worker;

	/**
	 * Creates a tunnel manager.
	 * @param backend opens the tunnel of the configured mode
	 * @param taskAppUrl the URL holder to complete
	 * @param settings how to open, verify and restart
	 * @param localPort supplies the port the web server listens on, once it listens
	 * @param events where the tunnel events are published
	 * @param observations where tunnel starts are observed
	 */
	public TunnelManager(TunnelBackend backend, TaskAppUrl taskAppUrl, TunnelManagerSettings settings,
			IntSupplier localPort, ApplicationEventPublisher events, ObservationRegistry observations) {
		this.backend = backend;
		this.taskAppUrl = taskAppUrl;
		this.settings = settings;
		this.localPort = localPort;
		this.events = events;
		this.observations = observations;
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			this.state = TunnelState.STARTING;
			this.lastFailure = null;
		}
		this.taskAppUrl.opening(this.backend.mode(), localBaseUrl() + this.settings.basePath());
		if (this.settings.startup() == TunnelStartup.ASYNC) {
			startWorker("task-app-tunnel", this::openInBackground);
			return;
		}
		try {
			openFirst();
		}
		catch (TunnelStartException ex) {
			failed(ex);
			throw new TaskAppTunnelException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			TunnelStartException failure = new TunnelStartException(TunnelStartException.Reason.NO_URL,
					this.backend.mode(), "Interrupted while opening the tunnel", ex);
			failed(failure);
			throw new TaskAppTunnelException(failure);
		}
	}

	private void openInBackground() {
		try {
			openFirst();
		}
		catch (TunnelStartException ex) {
			logger.error("The task app could not be made reachable: " + ex.getMessage() + ". "
					+ TunnelFailureAdvice.actionFor(ex));
			failed(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void openFirst() throws TunnelStartException, InterruptedException {
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.observations)
			.contextualName("task-app tunnel start")
			.lowCardinalityKeyValue("mode", modeName())
			.start();
		try {
			awaitLocalHealth();
			TunnelHandle opened = openVerified();
			String url = opened.publicUrl() + this.settings.basePath();
			observation.lowCardinalityKeyValue("outcome", "success").highCardinalityKeyValue("url", url);
			synchronized (this.monitor) {
				if (!this.running) {
					opened.close();
					return;
				}
				this.handle = opened;
				this.state = TunnelState.READY;
			}
			this.taskAppUrl.tunnelLease(opened.leaseId());
			this.taskAppUrl.ready(url, opened.workerToken());
			logger.info("Task app reachable at " + url + " (mode " + modeName() + ", " + opened.describe() + ")");
			this.events.publishEvent(new TaskAppUrlReadyEvent(this, this.taskAppUrl));
		}
		catch (TunnelStartException ex) {
			observation.lowCardinalityKeyValue("outcome", "failure")
				.lowCardinalityKeyValue("reason", ex.getReason().name().toLowerCase(Locale.ROOT))
				.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private void awaitLocalHealth() throws TunnelStartException, InterruptedException {
		String localUrl = localBaseUrl() + this.settings.basePath();
		String problem = this.localProbe.awaitHealthy(localUrl, keyHeaders(),
				Instant.now().plus(this.settings.healthCheckTimeout()));
		if (problem != null) {
			throw new TunnelStartException(TunnelStartException.Reason.LOCAL_HEALTH_TIMEOUT, this.backend.mode(),
					"The local task app at " + localUrl + " was not healthy within "
							+ this.settings.healthCheckTimeout().toSeconds() + "s: " + problem);
		}
	}

	private TunnelHandle openVerified() throws TunnelStartException, InterruptedException {
		int openGeneration;
		synchronized (this.monitor) {
			openGeneration = ++this.generation;
		}
		TunnelListener listener = new TunnelListener() {

			@Override
			public void tunnelLost(Throwable cause) {
				TunnelManager.this.tunnelLost(openGeneration, cause);
			}

			@Override
			public void routeChanged(String publicUrl, @Nullable String workerToken) {
				TunnelManager.this.routeChanged(openGeneration, publicUrl, workerToken);
			}

		};
		TunnelRequest request = new TunnelRequest(localHost(), this.localPort.getAsInt(), this.taskAppUrl.apiKeys(),
				Instant.now().plus(this.settings.startupTimeout()), listener);
		TunnelHandle opened;
		try {
			opened = this.backend.open(request);
		}
		catch (RuntimeException ex) {
			throw new TunnelStartException(TunnelStartException.Reason.PROCESS_FAILED, this.backend.mode(),
					"The " + modeName() + " tunnel backend failed: " + ex, ex);
		}
		try {
			verify(opened);
			return opened;
		}
		catch (TunnelStartException | InterruptedException | RuntimeException ex) {
			opened.close();
			throw ex;
		}
	}

	private void verify(TunnelHandle opened) throws TunnelStartException, InterruptedException {
		if (!this.settings.verifyEnabled() || this.backend.mode() == TunnelMode.LOCAL) {
			return;
		}
		Map<String, String> headers = new LinkedHashMap<>(keyHeaders());
		headers.putAll(this.settings.verifyHeaders());
		if (opened.workerToken() != null) {
			headers.put("X-SynthTunnel-Worker-Token", opened.workerToken());
		}
		String url = opened.publicUrl() + this.settings.basePath();
		String problem = this.publicProbe.awaitHealthy(url, headers, Instant.now().plus(this.settings.verifyTimeout()));
		if (problem != null) {
			throw new TunnelStartException(TunnelStartException.Reason.NEVER_REACHABLE, this.backend.mode(),
					"The public URL " + url + " did not answer /health with 200 within "
							+ this.settings.verifyTimeout().toSeconds() + "s: " + problem);
		}
	}

	private void tunnelLost(int lostGeneration, Throwable cause) {
		TunnelHandle lost;
		synchronized (this.monitor) {
			if (!this.running || lostGeneration != this.generation || this.state != TunnelState.READY) {
				return;
			}
			this.state = TunnelState.RESTARTING;
			this.lastFailure = cause;
			lost = this.handle;
			this.handle = null;
		}
		logger.warn("The task-app tunnel was lost (" + cause.getMessage() + "); reopening it");
		if (lost != null) {
			lost.close();
		}
		this.events.publishEvent(new TunnelFailedEvent(this, cause, true));
		startWorker("task-app-tunnel-restart", this::reopen);
	}

	private void routeChanged(int changedGeneration, String publicUrl, @Nullable String workerToken) {
		synchronized (this.monitor) {
			if (!this.running || changedGeneration != this.generation || this.state != TunnelState.READY) {
				return;
			}
		}
		announceUrl(publicUrl + this.settings.basePath(), workerToken);
	}

	private void announceUrl(String url, @Nullable String workerToken) {
		TunnelHandle current;
		synchronized (this.monitor) {
			current = this.handle;
		}
		if (current != null) {
			this.taskAppUrl.tunnelLease(current.leaseId());
		}
		String previous = this.taskAppUrl.changed(url, workerToken);
		logger.info("Task app reachable at " + url + " (mode " + modeName() + ")");
		if (!Objects.equals(previous, url)) {
			this.events.publishEvent(new TaskAppUrlChangedEvent(this, previous, url));
		}
	}

	private void reopen() {
		Duration backoff = this.settings.restartInitialBackoff();
		while (this.running) {
			try {
				Thread.sleep(backoff.toMillis());
				TunnelHandle reopened = openVerified();
				String url = reopened.publicUrl() + this.settings.basePath();
				synchronized (this.monitor) {
					if (!this.running) {
						reopened.close();
						return;
					}
					this.handle = reopened;
					this.state = TunnelState.READY;
					this.lastFailure = null;
				}
				announceUrl(url, reopened.workerToken());
				return;
			}
			catch (TunnelStartException ex) {
				this.lastFailure = ex;
				backoff = (ex.getReason() == TunnelStartException.Reason.RATE_LIMITED) ? RATE_LIMIT_BACKOFF
						: min(backoff.multipliedBy(2), this.settings.restartMaxBackoff());
				logger.warn("Reopening the task-app tunnel failed (" + ex.getMessage() + "); trying again in "
						+ backoff.toMillis() + " ms");
				this.events.publishEvent(new TunnelFailedEvent(this, ex, true));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void failed(TunnelStartException ex) {
		this.state = TunnelState.FAILED;
		this.lastFailure = ex;
		this.taskAppUrl.failed(ex);
		this.events.publishEvent(new TunnelFailedEvent(this, ex, false));
	}

	@Override
	public void stop() {
		TunnelHandle open;
		Thread background;
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			open = this.handle;
			this.handle = null;
			background = this.worker;
			this.worker = null;
			this.state = TunnelState.STOPPED;
		}
		if (background != null) {
			background.interrupt();
		}
		if (open != null) {
			open.close();
		}
		this.taskAppUrl.stopped();
		this.events.publishEvent(new TunnelStoppedEvent(this));
		if (background != null) {
			try {
				background.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public boolean isPauseable() {
		return false;
	}

	/**
	 * Returns where the tunnel stands.
	 * @return the state
	 */
	public TunnelState getState() {
		return this.state;
	}

	/**
	 * Returns the mode of the tunnel.
	 * @return the mode
	 */
	public TunnelMode getMode() {
		return this.backend.mode();
	}

	/**
	 * Returns why the tunnel last failed, while it is failed or being reopened.
	 * @return the failure, or {@code null}
	 */
	public @Nullable Throwable getLastFailure() {
		return (this.state == TunnelState.FAILED || this.state == TunnelState.RESTARTING) ? this.lastFailure : null;
	}

	/**
	 * Returns the most requests the open tunnel passes on at once, where it reports one.
	 * @return the limit, or empty when no tunnel is open or it reports none
	 */
	public OptionalInt getMaxInFlight() {
		TunnelHandle open;
		synchronized (this.monitor) {
			open = this.handle;
		}
		return (open != null) ? open.maxInFlight() : OptionalInt.empty();
	}

	/**
	 * Returns the URL holder this manager completes.
	 * @return the URL holder
	 */
	public TaskAppUrl getTaskAppUrl() {
		return this.taskAppUrl;
	}

	private void startWorker(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		synchronized (this.monitor) {
			this.worker = thread;
		}
		thread.start();
	}

	private Map<String, String> keyHeaders() {
		String key = this.taskAppUrl.apiKey();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-API-Key", key);
		headers.put("Authorization", "Bearer " + key);
		List<String> keys = this.taskAppUrl.apiKeys();
		if (keys.size() > 1) {
			headers.put("X-API-Keys", String.join(",", keys));
		}
		return headers;
	}

	private String localHost() {
		return this.settings.localHost();
	}

	private String localBaseUrl() {
		return "http://" + localHost() + ":" + this.localPort.getAsInt();
	}

	private String modeName() {
		return this.backend.mode().name().toLowerCase(Locale.ROOT);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	@Override
	public String toString() {
		return "TunnelManager[mode=" + modeName() + ", state=" + this.state + "]";
	}

}
