package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelRequest;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import dev.taskapp.tunnel.cloudflare.MetricsClient.Readiness;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Starts one cloudflared and waits until its tunnel is ready: the binary found and checked
 * once, stale processes of killed JVMs ended, then
 * {@code cloudflared tunnel --no-autoupdate --config <empty> --metrics 127.0.0.1:<free port>
 * --grace-period <…> <arguments>}, polled through its metrics server until the public URL is
 * known and an edge connection is ready. Every failure stops the process before it is thrown.
 */
final class CloudflaredLauncher {

	/** Lines of output quoted in messages. */
	static final int TAIL_LINES = 20;

	/** What introduces the output tail in messages. */
	static final String OUTPUT_INTRODUCTION = " Its last output:\n";

	private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(CloudflaredLauncher.class);

	private final CloudflaredSettings settings;

	private final CloudflaredLocator locator;

	private final HttpClient http;

	private @Nullable CloudflaredBinary binary;

	private @Nullable CloudflaredWorkDirectory workDirectory;

	CloudflaredLauncher(CloudflaredSettings settings, CloudflaredLocator locator) {
		this.settings = settings;
		this.locator = locator;
		this.http = HttpClient.newBuilder()
			.connectTimeout(METRICS_TIMEOUT)
			.proxy(HttpClient.Builder.NO_PROXY)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Starts cloudflared and waits until the tunnel is ready or the request's deadline passes.
	 * @param spec what to start
	 * @param request the local server, the deadline and the listener
	 * @return the open tunnel, already watched for an unexpected exit
	 * @throws TunnelStartException if cloudflared is missing ({@link Reason#CLOUDFLARED_MISSING}),
	 * exits ({@link Reason#RATE_LIMITED} or {@link Reason#PROCESS_FAILED}) or is not ready in
	 * time ({@link Reason#NO_URL})
	 * @throws InterruptedException if interrupted; the process is stopped first
	 */
	CloudflaredTunnel launch(TunnelSpec spec, TunnelRequest request) throws TunnelStartException, InterruptedException {
		CloudflaredBinary binary = binary(spec.mode());
		CloudflaredWorkDirectory workDirectory = workDirectory(spec.mode());
		new StalePidfiles(workDirectory, this.settings.gracePeriod()).clean();
		String metricsAddress = "127.0.0.1:" + freePort(spec.mode());
		List<String> command = command(binary, workDirectory, metricsAddress, spec);
		if (logger.isDebugEnabled()) {
			logger.debug("Starting " + String.join(" ", command));
		}
		CloudflaredLogWatcher log = new CloudflaredLogWatcher();
		CloudflaredProcess process;
		try {
			process = CloudflaredProcess.start(command, spec.environment(), spec.secrets(),
					new OutputTail(this.settings.outputLines()), log, workDirectory);
		}
		catch (IOException ex) {
			throw new TunnelStartException(Reason.PROCESS_FAILED, spec.mode(),
					"cloudflared at " + binary.path() + " could not be started: " + ex.getMessage(), ex);
		}
		boolean ready = false;
		try {
			String url = awaitReady(spec, process, new MetricsClient(this.http, metricsAddress, METRICS_TIMEOUT), log,
					request);
			CloudflaredTunnel tunnel = new CloudflaredTunnel(process, url, metricsAddress, this.settings.gracePeriod());
			tunnel.watch(request.listener());
			ready = true;
			logger.info("cloudflared " + spec.description() + " " + url + " is ready (pid " + process.pid() + ", "
					+ binary.version() + ")");
			return tunnel;
		}
		finally {
			if (!ready) {
				process.stop(this.settings.gracePeriod());
			}
		}
	}

	private List<String> command(CloudflaredBinary binary, CloudflaredWorkDirectory workDirectory,
			String metricsAddress, TunnelSpec spec) {
		List<String> command = new ArrayList<>();
		command.add(binary.path().toString());
		command.add("tunnel");
		command.add("--no-autoupdate");
		command.add("--config");
		command.add(workDirectory.emptyConfig().toString());
		command.add("--metrics");
		command.add(metricsAddress);
		command.add("--grace-period");
		command.add(cloudflaredGracePeriod(this.settings.gracePeriod()));
		command.addAll(spec.arguments());
		return command;
	}

	/**
	 * Returns the grace period cloudflared gives in-flight requests: four fifths of ours, so
	 * that it exits on its own before it is killed.
	 * @param gracePeriod our grace period
	 * @return the {@code --grace-period} value
	 */
	static String cloudflaredGracePeriod(Duration gracePeriod) {
		return (gracePeriod.toMillis() * 4 / 5) + "ms";
	}

	private String awaitReady(TunnelSpec spec, CloudflaredProcess process, MetricsClient metrics,
			CloudflaredLogWatcher log, TunnelRequest request) throws TunnelStartException, InterruptedException {
		String url = null;
		while (true) {
			if (!process.isAlive()) {
				throw exited(spec, process, log);
			}
			if (url == null) {
				url = spec.url().url(metrics, log);
			}
			if (url != null) {
				Readiness readiness = metrics.readiness();
				if (readiness == Readiness.READY
						|| (readiness == Readiness.UNKNOWN && log.connectionRegistered())) {
					return url;
				}
			}
			Duration left = request.remaining();
			if (left.isZero()) {
				throw notReady(spec, process, url);
			}
			awaitExit(process, (left.compareTo(this.settings.pollInterval()) < 0) ? left : this.settings.pollInterval());
		}
	}

	private static void awaitExit(CloudflaredProcess process, Duration timeout) throws InterruptedException {
		try {
			process.onExit().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// Still running: poll again.
		}
	}

	private TunnelStartException exited(TunnelSpec spec, CloudflaredProcess process, CloudflaredLogWatcher log) {
		process.stop(this.settings.gracePeriod());
		String output = process.tail(TAIL_LINES);
		if (log.rateLimited()) {
			return new TunnelStartException(Reason.RATE_LIMITED, spec.mode(),
					"Cloudflare refused the " + spec.description() + " for too many requests (HTTP 429, error 1015);"
							+ " cloudflared exited with code " + process.exitCode() + "." + OUTPUT_INTRODUCTION + output);
		}
		return new TunnelStartException(Reason.PROCESS_FAILED, spec.mode(), "cloudflared exited with code "
				+ process.exitCode() + " before the " + spec.description() + " was ready." + OUTPUT_INTRODUCTION + output);
	}

	private TunnelStartException notReady(TunnelSpec spec, CloudflaredProcess process, @Nullable String url) {
		process.stop(this.settings.gracePeriod());
		String output = process.tail(TAIL_LINES);
		if (url == null) {
			return new TunnelStartException(Reason.NO_URL, spec.mode(), "cloudflared gave no " + spec.description()
					+ " URL before the start-up deadline." + OUTPUT_INTRODUCTION + output);
		}
		return new TunnelStartException(Reason.NO_URL, spec.mode(),
				"cloudflared gave the " + spec.description() + " URL " + url
						+ " but reported no ready edge connection before the start-up deadline." + OUTPUT_INTRODUCTION
						+ output);
	}

	private synchronized CloudflaredBinary binary(TunnelMode mode) throws TunnelStartException, InterruptedException {
		CloudflaredBinary located = this.binary;
		if (located == null) {
			located = this.locator.locate(mode);
			logger.debug("Using " + located.path() + " (" + located.version() + ")");
			this.binary = located;
		}
		return located;
	}

	private synchronized CloudflaredWorkDirectory workDirectory(TunnelMode mode) throws TunnelStartException {
		CloudflaredWorkDirectory prepared = this.workDirectory;
		if (prepared == null) {
			try {
				prepared = CloudflaredWorkDirectory.prepare(this.settings.pidfileDirectory());
			}
			catch (IOException ex) {
				throw new TunnelStartException(Reason.PROCESS_FAILED, mode,
						"cloudflared's configuration file could not be written: " + ex.getMessage(), ex);
			}
			this.workDirectory = prepared;
		}
		return prepared;
	}

	private static int freePort(TunnelMode mode) throws TunnelStartException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new TunnelStartException(Reason.PROCESS_FAILED, mode,
					"No free local port for cloudflared's metrics server: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Where a tunnel's public URL comes from.
	 */
	@FunctionalInterface
	interface UrlSource {

		/**
		 * Returns the public URL if it is known yet.
		 * @param metrics the metrics server of the process
		 * @param log what its output said so far
		 * @return the URL, or {@code null}
		 * @throws InterruptedException if interrupted while asking
		 */
		@Nullable String url(MetricsClient metrics, CloudflaredLogWatcher log) throws InterruptedException;

	}

	/**
	 * What to start.
	 *
	 * @param mode the tunnel mode, for exceptions
	 * @param description what is started, for messages: {@code quick tunnel}, {@code named tunnel}
	 * @param arguments the arguments after the common ones, such as {@code --url …} or
	 * {@code run}
	 * @param environment variables for the child's environment only
	 * @param secrets values never to show in output, logs or messages
	 * @param url where the public URL comes from
	 */
	record TunnelSpec(TunnelMode mode, String description, List<String> arguments,
			Map<String, String> environment, List<String> secrets, UrlSource url) {

		TunnelSpec {
			arguments = List.copyOf(arguments);
			environment = Map.copyOf(environment);
			secrets = List.copyOf(secrets);
		}

		@Override
		public String toString() {
			return "TunnelSpec[" + this.description + ", arguments=" + this.arguments + ", environment="
					+ this.environment.keySet() + "]";
		}

	}

}
