package dev.taskapp.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelStartup;
import dev.taskapp.tunnel.cloudflare.ManagedTunnelApi;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the task app ({@code task-app.*}). Secrets never appear in
 * {@link #toString()}.
 *
 * @param apiKey API key callers must present. When not set, ENVIRONMENT_API_KEY, then
 * DEV_ENVIRONMENT_API_KEY; when none is set, a random key is minted at start-up.
 * @param apiKeyAliases further accepted API keys. When not set, the comma-separated
 * ENVIRONMENT_API_KEY_ALIASES.
 * @param auth authentication of the task-app routes
 * @param basePath prefix of the task-app routes, such as "/task". Empty serves them at the root.
 * @param maxRequestSize largest accepted request body; larger bodies are answered with 413.
 * @param server how the web server's port is chosen
 * @param tunnel how the task app is made reachable and how start-up waits for it
 * @param tracing traces of rollouts: the trace store and SFT JSONL output
 * @param rollout how many rollouts run at once
 * @param contract the contract served at the root: task-app (the 2025 task-app contract) or
 * container (the Synth container contract of GEPA v2)
 * @param container the container contract's routes and rollout records
 */
@ConfigurationProperties(TaskAppProperties.PREFIX)
public record TaskAppProperties(@Nullable String apiKey, @Nullable List<String> apiKeyAliases,
		@DefaultValue Auth auth, @DefaultValue("") String basePath, @DefaultValue("16MB") DataSize maxRequestSize,
		@DefaultValue Server server, @DefaultValue Tunnel tunnel, @DefaultValue Tracing tracing,
		@DefaultValue Rollout rollout, @DefaultValue("task-app") Contract contract,
		@DefaultValue Container container) {

	/** Prefix of the task-app properties. */
	public static final String PREFIX = "task-app";

	/**
	 * Creates the properties, checking them.
	 */
	public TaskAppProperties {
		apiKeyAliases = (apiKeyAliases != null) ? List.copyOf(apiKeyAliases) : null;
		if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
			throw new IllegalArgumentException("task-app.base-path must be empty or start with '/' and not end with '/'"
					+ " (for example /task), got '" + basePath + "'");
		}
		if (maxRequestSize.toBytes() <= 0) {
			throw new IllegalArgumentException("task-app.max-request-size must be positive, got " + maxRequestSize);
		}
	}

	@Override
	public String toString() {
		return "TaskAppProperties[apiKey=" + Secrets.mask(this.apiKey) + ", apiKeyAliases="
				+ ((this.apiKeyAliases != null) ? this.apiKeyAliases.size() + " aliases" : "unset") + ", auth="
				+ this.auth + ", basePath='" + this.basePath + "', maxRequestSize=" + this.maxRequestSize + ", server="
				+ this.server + ", tunnel=" + this.tunnel + ", tracing=" + this.tracing + ", rollout=" + this.rollout + ", contract=" + this.contract
				+ ", container=" + this.container + "]";
	}

	/**
	 * Returns whether the task-app contract's routes are served: when it is the contract, or
	 * when task-app.base-path gives them a path of their own beside the container's.
	 * @return whether the task-app routes are served
	 */
	public boolean servesTaskAppContract() {
		return this.contract == Contract.TASK_APP || !this.basePath.isEmpty();
	}

	/**
	 * Returns whether the container contract's routes are served: when it is the contract, or
	 * when task-app.container.base-path gives them a path of their own beside the task app's.
	 * @return whether the container routes are served
	 */
	public boolean servesContainerContract() {
		return this.contract == Contract.CONTAINER || !this.container.basePath().isEmpty();
	}

	/**
	 * Returns the base path of the selected contract, the one the announced URL points at.
	 * @return the base path
	 */
	public String contractBasePath() {
		return (this.contract == Contract.CONTAINER) ? this.container.basePath() : this.basePath;
	}

	/**
	 * The wire contract an app serves.
	 */
	public enum Contract {

		/** The task-app contract of 2025: /info, /task_info, /rollout with run_id and policy.config. */
		TASK_APP,

		/** The Synth container contract (synth.container.contract.v1) GEPA v2 drives. */
		CONTAINER

	}

	/**
	 * The container contract's routes and rollout records.
	 *
	 * @param basePath prefix of the container routes. Empty serves them at the root when
	 * task-app.contract=container; set it (such as /container) to serve them beside the
	 * task-app routes.
	 * @param recordRetention how long a finished rollout stays readable under
	 * /rollouts/{id}; afterwards it answers 404.
	 */
	public record Container(@DefaultValue("") String basePath, @DefaultValue("10m") Duration recordRetention) {

		/**
		 * Creates the container settings, checking them.
		 */
		public Container {
			if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
				throw new IllegalArgumentException("task-app.container.base-path must be empty or start with '/' and"
						+ " not end with '/' (for example /container), got '" + basePath + "'");
			}
			if (recordRetention.isNegative() || recordRetention.isZero()) {
				throw new IllegalArgumentException(
						"task-app.container.record-retention must be positive, got " + recordRetention);
			}
		}

	}

	/**
	 * Authentication of the task-app routes.
	 *
	 * @param enabled whether the task-app routes other than "/" require an API key
	 * @param failureStatus HTTP status of a missing or wrong API key: 401, or 400 for byte
	 * compatibility with the Python reference.
	 */
	public record Auth(@DefaultValue("true") boolean enabled, @DefaultValue("401") int failureStatus) {

		/**
		 * Creates the authentication settings, checking them.
		 */
		public Auth {
			if (failureStatus != 401 && failureStatus != 400) {
				throw new IllegalArgumentException(
						"task-app.auth.failure-status must be 401 or 400, got " + failureStatus);
			}
		}

	}

	/**
	 * How the web server listens and reads requests.
	 *
	 * @param autoFindPort whether a busy server.port moves to the next free port, up to 99 ports
	 * higher
	 * @param bodyReadTimeout longest time a client may take to send a request body; a slower one
	 * is answered with 408
	 * @param nettyRoutes whether POST /rollout and GET /health are served by Reactor Netty
	 * directly, ahead of WebFlux: faster, but WebFilters and http.server.requests do not see
	 * them (task.app.rollout still measures every rollout)
	 * @param headerReadTimeout longest time a client may take to send a request's headers,
	 * counted from when the connection opened or its previous response was sent; a slower
	 * connection is closed
	 * @param idleTimeout longest time a keep-alive connection may stay idle between requests
	 * before it is closed. server.netty.idle-timeout, when set, takes precedence.
	 */
	public record Server(@DefaultValue("true") boolean autoFindPort, @DefaultValue("30s") Duration bodyReadTimeout,
			@DefaultValue("true") boolean nettyRoutes, @DefaultValue("10s") Duration headerReadTimeout,
			@DefaultValue("60s") Duration idleTimeout) {

		/**
		 * Creates the server settings, checking them.
		 */
		public Server {
			if (headerReadTimeout.isNegative() || headerReadTimeout.isZero()) {
				throw new IllegalArgumentException(
						"task-app.server.header-read-timeout must be positive, got " + headerReadTimeout);
			}
			if (idleTimeout.isNegative() || idleTimeout.isZero()) {
				throw new IllegalArgumentException("task-app.server.idle-timeout must be positive, got " + idleTimeout);
			}
		}

	}

	/**
	 * How many rollouts run at once.
	 *
	 * @param maxInFlight most rollouts in flight at once, sync and async alike; further ones are
	 * answered 503 with Retry-After. When not set, derived from the heap: (max heap - 64 MiB) /
	 * 32 KiB, within 16 and 10000, and at most 200 behind a Cloudflare quick tunnel.
	 * @param retryAfter what the Retry-After header of a refused rollout tells the caller to
	 * wait, in whole seconds
	 */
	public record Rollout(@Nullable Integer maxInFlight, @DefaultValue("1s") Duration retryAfter) {

		/**
		 * Creates the rollout settings, checking them.
		 */
		public Rollout {
			if (maxInFlight != null && maxInFlight < 1) {
				throw new IllegalArgumentException(
						"task-app.rollout.max-in-flight must be positive, got " + maxInFlight);
			}
			if (retryAfter.isNegative()) {
				throw new IllegalArgumentException("task-app.rollout.retry-after must not be negative, got " + retryAfter);
			}
		}

	}

	/**
	 * How the task app is made reachable.
	 *
	 * @param mode how the task app is made reachable
	 * @param startup whether context start waits for the public URL
	 * @param startupTimeout longest wait for the public URL
	 * @param healthCheckTimeout longest wait for the local /health before the tunnel opens
	 * @param verify probing of the public URL before it is announced
	 * @param preconfigured the preconfigured URL
	 * @param cloudflared the cloudflared process of the quick and named modes
	 * @param named the named Cloudflare tunnel
	 * @param synth the SynthTunnel relay
	 */
	public record Tunnel(@DefaultValue("auto") TunnelMode mode, @DefaultValue("block") TunnelStartup startup,
			@DefaultValue("60s") Duration startupTimeout, @DefaultValue("30s") Duration healthCheckTimeout,
			@DefaultValue Verify verify, @DefaultValue Preconfigured preconfigured,
			@DefaultValue Cloudflared cloudflared, @DefaultValue Named named, @DefaultValue Synth synth) {

	}

	/**
	 * Probing of the public URL before it is announced.
	 *
	 * @param enabled whether the public URL's /health is probed before the URL is announced
	 * @param timeout longest time to wait for the public URL to answer
	 */
	public record Verify(@DefaultValue("true") boolean enabled, @DefaultValue("60s") Duration timeout) {

	}

	/**
	 * A URL that is already public.
	 *
	 * @param url the public URL. When not set, SYNTH_TASK_APP_URL.
	 * @param authHeader name of an extra header sent when verifying the URL, such as a proxy's
	 * auth header
	 * @param authToken value of the extra verification header
	 */
	public record Preconfigured(@Nullable String url, @Nullable String authHeader, @Nullable String authToken) {

		@Override
		public String toString() {
			return "Preconfigured[url=" + this.url + ", authHeader=" + this.authHeader + ", authToken="
					+ Secrets.mask(this.authToken) + "]";
		}

	}

	/**
	 * The cloudflared process of the quick and named modes.
	 *
	 * @param path path of the cloudflared binary. When not set, cloudflared on the PATH, then the
	 * usual install places.
	 * @param gracePeriod time cloudflared has to stop after SIGTERM before it is killed
	 */
	public record Cloudflared(@Nullable String path, @DefaultValue("10s") Duration gracePeriod) {

	}

	/**
	 * A named Cloudflare tunnel.
	 *
	 * @param token the tunnel token, passed to cloudflared as TUNNEL_TOKEN in its environment.
	 * When not set, the Synth backend manages the tunnel (needs a Synth API key).
	 * @param hostname public hostname of the tunnel; with a managed tunnel, which of the account's
	 * tunnels to use
	 * @param forceNew whether the managed tunnel is rotated (deleted and created afresh; with the
	 * lease API, a fresh connector) before it starts
	 * @param api which Synth backend API a managed tunnel comes from: tunnels (the task-app SDK's)
	 * or lease (the optimizers')
	 */
	public record Named(@Nullable String token, @Nullable String hostname, @DefaultValue("false") boolean forceNew,
			@DefaultValue("tunnels") ManagedTunnelApi api) {

		@Override
		public String toString() {
			return "Named[token=" + Secrets.mask(this.token) + ", hostname=" + this.hostname + ", forceNew="
					+ this.forceNew + ", api=" + this.api + "]";
		}

	}

	/**
	 * The SynthTunnel relay.
	 *
	 * @param apiKey Synth API key used to lease a route. When not set, SYNTH_API_KEY.
	 * @param backendUrl base URL of the Synth backend. When not set, SYNTH_BACKEND_URL, then
	 * https://api.usesynth.ai.
	 */
	public record Synth(@Nullable String apiKey, @Nullable String backendUrl) {

		@Override
		public String toString() {
			return "Synth[apiKey=" + Secrets.mask(this.apiKey) + ", backendUrl=" + this.backendUrl + "]";
		}

	}

	/**
	 * Traces of rollouts.
	 *
	 * @param enabled whether the trace of every rollout is written to the SQLite trace store.
	 * When not set, TASKAPP_TRACING_ENABLED (1, true, yes or on); off when that is not set
	 * either.
	 * @param dbPath the SQLite database file of the trace store. When not set,
	 * TASKAPP_TRACE_DB_PATH, then traces/task_app_traces.db under the working directory.
	 * @param sftOutputDir directory of the SFT JSONL file, one record per LM call; no SFT file
	 * is written when not set. When not set, TASKAPP_SFT_OUTPUT_DIR, then SFT_OUTPUT_DIR.
	 * @param queueCapacity most rollout traces waiting to be written; further traces are
	 * dropped and counted.
	 * @param batchSize most rollout traces written in one transaction.
	 * @param url JDBC URL of a PostgreSQL trace store that replicas share
	 * (jdbc:postgresql://host:port/database, without the password); when set, traces are
	 * stored there instead of in the SQLite file, and the store is on unless enabled is false.
	 * @param username user name of the PostgreSQL trace store.
	 * @param password password of the PostgreSQL trace store.
	 */
	public record Tracing(@Nullable Boolean enabled, @Nullable String dbPath, @Nullable String sftOutputDir,
			@DefaultValue("10000") int queueCapacity, @DefaultValue("500") int batchSize, @Nullable String url,
			@Nullable String username, @Nullable String password) {

		/**
		 * Creates the tracing settings, checking them.
		 */
		public Tracing {
			if (queueCapacity < 1) {
				throw new IllegalArgumentException(
						"task-app.tracing.queue-capacity must be positive, got " + queueCapacity);
			}
			if (batchSize < 1) {
				throw new IllegalArgumentException("task-app.tracing.batch-size must be positive, got " + batchSize);
			}
		}

		@Override
		public String toString() {
			return "Tracing[enabled=" + this.enabled + ", dbPath=" + this.dbPath + ", sftOutputDir=" + this.sftOutputDir
					+ ", queueCapacity=" + this.queueCapacity + ", batchSize=" + this.batchSize + ", url=" + this.url
					+ ", username=" + this.username + ", password=" + Secrets.mask(this.password) + "]";
		}

	}

}
