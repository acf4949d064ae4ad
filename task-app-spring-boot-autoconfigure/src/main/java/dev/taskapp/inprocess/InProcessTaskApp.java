package dev.taskapp.inprocess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.StringUtils;

/**
 * A task app started in one call, without writing a Spring Boot application: the JVM
 * counterpart of the Synth SDK's {@code InProcessTaskApp}. It runs the starter itself (the
 * same routes, API-key handling and tunnel as a Spring Boot application that declares a
 * {@link TaskAppConfig} bean) in an application of its own, and stops it again on
 * {@link #close()}.
 *
 * <pre class="code">
 * try (InProcessTaskApp app = InProcessTaskApp.builder()
 *         .config(taskAppConfig)
 *         .tunnelMode(TunnelMode.QUICK)
 *         .start()) {
 *     String url = app.url();          // public URL, verified
 *     String key = app.apiKey();       // the task-app key jobs send
 *     // submit a prompt-learning job with task_app_url = url ...
 * }
 * </pre>
 * <p>
 * {@link #start()} returns once the task app answers its {@code /health} and the tunnel of the
 * configured mode is open and verified; it throws a {@link TaskAppStartException} otherwise,
 * after stopping whatever it had started. {@link #close()} stops the tunnel, then the server,
 * and may be called any number of times. Several instances on different ports run side by
 * side in one JVM; each has its own event loop.
 * <p>
 * The options set on the {@link Builder} win over every other source of configuration
 * ({@code application.properties}, environment variables, system properties); any other
 * {@code task-app.*} setting, such as {@code task-app.api-key}, is read from those sources as
 * in a Spring Boot application unless it is set with {@link Builder#property(String, Object)}.
 */
public final class InProcessTaskApp implements AutoCloseable {

	/** Port the task app listens on unless set: the Synth SDK's default. */
	public static final int DEFAULT_PORT = 8114;

	/** Address the task app listens on unless set. */
	public static final String DEFAULT_HOST = "127.0.0.1";

	/**
	 * Tunnel mode unless set: {@code local}. The Synth SDK starts a Cloudflare quick tunnel by
	 * default, which needs the cloudflared binary and the network; set
	 * {@link Builder#tunnelMode(TunnelMode)} for a public URL.
	 */
	public static final TunnelMode DEFAULT_TUNNEL_MODE = TunnelMode.LOCAL;

	/** Longest wait for the task app's own {@code /health} unless set. */
	public static final Duration DEFAULT_HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(InProcessTaskApp.class);

	private final InProcessTaskAppOptions options;

	private final TaskAppLauncher launcher;

	private final ReentrantLock lifecycle = new ReentrantLock();

	private volatile State state = State.NEW;

	private volatile @Nullable ConfigurableApplicationContext context;

	private volatile @Nullable RunningTaskApp running;

	InProcessTaskApp(InProcessTaskAppOptions options, TaskAppLauncher launcher) {
		this.options = options;
		this.launcher = launcher;
	}

	/**
	 * Returns a builder of an in-process task app.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts the task app and returns once its URL is ready: the server listens, answers
	 * {@code /health}, and the tunnel is open and verified. The {@code onStart} callback runs
	 * then. A failed start stops everything it had started before it throws.
	 * @return this task app, running
	 * @throws TaskAppStartException if the task app could not be started or made reachable
	 * @throws IllegalStateException if this task app was started or closed before
	 */
	public InProcessTaskApp start() {
		this.lifecycle.lock();
		try {
			if (this.state != State.NEW) {
				throw new IllegalStateException("An InProcessTaskApp starts only once; this one is " + this.state.text);
			}
			this.state = State.STARTING;
			try {
				ConfigurableApplicationContext started = this.launcher.launch(this.options);
				this.running = describe(started);
				this.context = started;
				this.state = State.RUNNING;
				ShutdownSignals.register(this);
			}
			catch (RuntimeException ex) {
				this.state = State.FAILED;
				throw StartFailures.explain(ex, this.options);
			}
		}
		finally {
			this.lifecycle.unlock();
		}
		Callbacks.run("onStart", this.options.onStart(), this);
		return this;
	}

	private static RunningTaskApp describe(ConfigurableApplicationContext context) {
		try {
			TaskAppUrl url = context.getBean(TaskAppUrl.class);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			return new RunningTaskApp(url, port, url.get(Duration.ZERO), Objects.requireNonNull(url.localUrl()),
					Objects.requireNonNull(url.mode()), url.workerToken());
		}
		catch (RuntimeException ex) {
			context.close();
			throw ex;
		}
	}

	/**
	 * Stops the task app: runs the {@code onStop} callback, stops the tunnel, then the server
	 * (requests in flight complete). Does nothing when the task app is not running, so it may
	 * be called any number of times. A task app still running when the JVM stops (SIGINT,
	 * SIGTERM, {@code System.exit}) is closed the same way by a shared shutdown hook.
	 */
	@Override
	public void close() {
		this.lifecycle.lock();
		try {
			if (this.state == State.NEW) {
				this.state = State.CLOSED;
				return;
			}
			if (this.state != State.RUNNING) {
				return;
			}
			this.state = State.CLOSING;
			ShutdownSignals.unregister(this);
			try {
				Callbacks.run("onStop", this.options.onStop(), this);
			}
			finally {
				ConfigurableApplicationContext stopping = this.context;
				this.context = null;
				try {
					if (stopping != null) {
						stopping.close();
					}
				}
				finally {
					this.state = State.CLOSED;
				}
			}
		}
		finally {
			this.lifecycle.unlock();
		}
	}

	/**
	 * Returns whether the task app is running: started and not closed.
	 * @return whether it is running
	 */
	public boolean isRunning() {
		return this.state == State.RUNNING;
	}

	/**
	 * Returns the URL jobs reach the task app at: the public URL of the tunnel, or the local
	 * URL in {@code local} mode. It changes when a lost tunnel comes back with another URL.
	 * @return the base URL, without a trailing slash
	 * @throws IllegalStateException if the task app has not started
	 */
	public String url() {
		RunningTaskApp app = requireStarted();
		String current = app.taskAppUrl().getIfReady();
		return (current != null) ? current : app.url();
	}

	/**
	 * Returns the URL of the local server, such as {@code http://127.0.0.1:8114}.
	 * @return the local base URL
	 * @throws IllegalStateException if the task app has not started
	 */
	public String localUrl() {
		return requireStarted().localUrl();
	}

	/**
	 * Returns the port the server listens on: the configured one, or the next free one when
	 * it was busy and auto-find-port is on.
	 * @return the port
	 * @throws IllegalStateException if the task app has not started
	 */
	public int port() {
		return requireStarted().port();
	}

	/**
	 * Returns the address the server listens on, as configured.
	 * @return the host
	 */
	public String host() {
		return this.options.host();
	}

	/**
	 * Returns how the task app is made reachable; {@code auto} resolved to the mode it chose.
	 * @return the mode
	 * @throws IllegalStateException if the task app has not started
	 */
	public TunnelMode tunnelMode() {
		return requireStarted().mode();
	}

	/**
	 * Returns the task-app API key jobs must send ({@code task_app_api_key}): the configured
	 * one, or the key minted at start when none is configured.
	 * @return the API key
	 * @throws IllegalStateException if the task app has not started
	 */
	public String apiKey() {
		return requireStarted().taskAppUrl().apiKey();
	}

	/**
	 * Returns the SynthTunnel worker token jobs must send as
	 * {@code X-SynthTunnel-Worker-Token}.
	 * @return the worker token, or {@code null} in the other modes
	 * @throws IllegalStateException if the task app has not started
	 */
	public @Nullable String workerToken() {
		RunningTaskApp app = requireStarted();
		String current = app.taskAppUrl().workerToken();
		return (current != null) ? current : app.workerToken();
	}

	/**
	 * Returns the {@link TaskAppUrl} of the running application, which also publishes later
	 * changes of the URL.
	 * @return the URL holder
	 * @throws IllegalStateException if the task app has not started
	 */
	public TaskAppUrl taskAppUrl() {
		return requireStarted().taskAppUrl();
	}

	/**
	 * Returns the application context the task app runs in, for access to its beans.
	 * @return the context
	 * @throws IllegalStateException if the task app is not running
	 */
	public ConfigurableApplicationContext applicationContext() {
		ConfigurableApplicationContext current = this.context;
		if (current == null) {
			throw new IllegalStateException("The task app is not running (" + this.state.text + ")");
		}
		return current;
	}

	InProcessTaskAppOptions options() {
		return this.options;
	}

	private RunningTaskApp requireStarted() {
		RunningTaskApp app = this.running;
		if (app == null) {
			throw new IllegalStateException(
					"The task app has not started (" + this.state.text + "): call start() first");
		}
		return app;
	}

	@Override
	public String toString() {
		RunningTaskApp app = this.running;
		return "InProcessTaskApp[" + this.options.source().describe() + ", state=" + this.state.text
				+ ((app != null) ? ", url=" + url() + ", port=" + app.port() : "") + "]";
	}

	private enum State {

		NEW("not started"), STARTING("starting"), RUNNING("running"), FAILED("failed to start"), CLOSING("closing"),
		CLOSED("closed");

		private final String text;

		State(String text) {
			this.text = text;
		}

	}

	/**
	 * Where a started task app is reachable.
	 */
	private record RunningTaskApp(TaskAppUrl taskAppUrl, int port, String url, String localUrl, TunnelMode mode,
			@Nullable String workerToken) {

	}

	/**
	 * Runs the {@code onStart} and {@code onStop} callbacks as the Synth SDK does: a failing
	 * callback is logged and does not stop the task app's start or close.
	 */
	private static final class Callbacks {

		static void run(String name, @Nullable Consumer<? super InProcessTaskApp> callback, InProcessTaskApp app) {
			if (callback == null) {
				return;
			}
			try {
				callback.accept(app);
			}
			catch (RuntimeException ex) {
				logger.warn("The " + name + " callback of the in-process task app failed", ex);
			}
		}

	}

	/**
	 * Builds an {@link InProcessTaskApp}. Exactly one of {@link #config(TaskAppConfig)},
	 * {@link #configSupplier(Supplier)} or {@link #configClass(Class)} must be set; every other
	 * option has a default. Not thread-safe.
	 */
	public static final class Builder {

		private static final Set<String> VALID_HOSTS = Set.of("127.0.0.1", "localhost", "0.0.0.0", "::1");

		private static final Map<ConfigurationPropertyName, String> OPTION_PROPERTIES = Map.of(
				ConfigurationPropertyName.of("server.port"), "port(int)",
				ConfigurationPropertyName.of("server.address"), "host(String)",
				ConfigurationPropertyName.of("task-app.tunnel.mode"), "tunnelMode(...)",
				ConfigurationPropertyName.of("task-app.server.auto-find-port"), "autoFindPort(boolean)",
				ConfigurationPropertyName.of("task-app.tunnel.health-check-timeout"), "healthCheckTimeout(Duration)",
				ConfigurationPropertyName.of("task-app.tunnel.startup"), "nothing: start() always waits for the URL",
				ConfigurationPropertyName.of("spring.main.web-application-type"),
				"nothing: the task app is a reactive web application");

		private static final ConfigurationPropertyName PRECONFIGURED_URL = ConfigurationPropertyName
			.of("task-app.tunnel.preconfigured.url");

		private final List<TaskAppConfigSource> sources = new ArrayList<>();

		private int port = DEFAULT_PORT;

		private String host = DEFAULT_HOST;

		private @Nullable TunnelMode tunnelMode;

		private @Nullable String tunnelModeName;

		private boolean autoFindPort = true;

		private Duration healthCheckTimeout = DEFAULT_HEALTH_CHECK_TIMEOUT;

		private final Map<String, Object> properties = new LinkedHashMap<>();

		private @Nullable Consumer<? super InProcessTaskApp> onStart;

		private @Nullable Consumer<? super InProcessTaskApp> onStop;

		private Function<String, @Nullable String> environment = Builder::systemSetting;

		private TaskAppLauncher launcher = new TaskAppLauncher();

		private Builder() {
		}

		/**
		 * Serves the given config.
		 * @param config the config
		 * @return this builder
		 */
		public Builder config(TaskAppConfig config) {
			this.sources.add(new TaskAppConfigSource.Instance(config));
			return this;
		}

		/**
		 * Serves the config of the given supplier, called once when the task app starts.
		 * @param configSupplier the supplier
		 * @return this builder
		 */
		public Builder configSupplier(Supplier<TaskAppConfig> configSupplier) {
			this.sources.add(new TaskAppConfigSource.FromSupplier(configSupplier));
			return this;
		}

		/**
		 * Serves the config a Spring configuration class declares as a bean. The class is
		 * added to the application like a {@code @SpringBootApplication} class would be: its
		 * beans, imports and component scan (if it declares one) all apply.
		 * @param configClass the configuration class
		 * @return this builder
		 */
		public Builder configClass(Class<?> configClass) {
			this.sources.add(new TaskAppConfigSource.FromClass(configClass));
			return this;
		}

		/**
		 * Sets the port to listen on, 1024 to 65535. Default {@value #DEFAULT_PORT}.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Sets the address to listen on: {@code 127.0.0.1} (the default), {@code localhost},
		 * {@code 0.0.0.0} or {@code ::1}.
		 * @param host the address
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = Objects.requireNonNull(host, "host must not be null");
			return this;
		}

		/**
		 * Sets how the task app is made reachable. Unset, the mode comes from the environment
		 * as in the Synth SDK: {@code preconfigured} when {@code SYNTH_TASK_APP_URL} is set,
		 * else the mode {@code SYNTH_TUNNEL_MODE} names, else {@code local} (the SDK's default,
		 * a Cloudflare quick tunnel, needs the cloudflared binary).
		 * @param tunnelMode the mode
		 * @return this builder
		 */
		public Builder tunnelMode(TunnelMode tunnelMode) {
			this.tunnelMode = Objects.requireNonNull(tunnelMode, "tunnelMode must not be null");
			this.tunnelModeName = null;
			return this;
		}

		/**
		 * Sets how the task app is made reachable by name, as the Synth SDK takes it:
		 * {@code auto}, {@code local}, {@code preconfigured}, {@code quick}, {@code named} or
		 * {@code synthtunnel}, in any case, with the aliases {@code localhost},
		 * {@code cloudflare_quick} and {@code synth_tunnel}.
		 * @param tunnelMode the name of the mode
		 * @return this builder
		 */
		public Builder tunnelMode(String tunnelMode) {
			this.tunnelModeName = Objects.requireNonNull(tunnelMode, "tunnelMode must not be null");
			this.tunnelMode = null;
			return this;
		}

		/**
		 * Sets whether a busy port moves to the next free one, up to 99 ports higher. Default
		 * {@code true}. Without it a busy port fails the start; a process holding the port is
		 * never killed.
		 * @param autoFindPort whether to find a free port
		 * @return this builder
		 */
		public Builder autoFindPort(boolean autoFindPort) {
			this.autoFindPort = autoFindPort;
			return this;
		}

		/**
		 * Sets the longest wait for the task app's own {@code /health} before the tunnel
		 * opens. Default 30 s.
		 * @param healthCheckTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder healthCheckTimeout(Duration healthCheckTimeout) {
			this.healthCheckTimeout = Objects.requireNonNull(healthCheckTimeout, "healthCheckTimeout must not be null");
			return this;
		}

		/**
		 * Sets the API key callers must present ({@code task-app.api-key}). Default: the
		 * {@code ENVIRONMENT_API_KEY} environment variable, else a key minted at start.
		 * @param apiKey the key
		 * @return this builder
		 */
		public Builder apiKey(String apiKey) {
			return putProperty("task-app.api-key", apiKey);
		}

		/**
		 * Sets the URL of {@code preconfigured} mode ({@code task-app.tunnel.preconfigured.url}).
		 * Default: the {@code SYNTH_TASK_APP_URL} environment variable, which also selects
		 * {@code preconfigured} mode when no mode is set. Preconfigured mode without either
		 * fails in {@link #build()}.
		 * @param url the public URL
		 * @return this builder
		 */
		public Builder preconfiguredUrl(String url) {
			return putProperty("task-app.tunnel.preconfigured.url", url);
		}

		/**
		 * Sets an extra header sent when the {@code preconfigured} URL is verified, such as a
		 * proxy's auth header.
		 * @param header the header name
		 * @param token the header value
		 * @return this builder
		 */
		public Builder preconfiguredAuth(String header, String token) {
			putProperty("task-app.tunnel.preconfigured.auth-header", header);
			return putProperty("task-app.tunnel.preconfigured.auth-token", token);
		}

		/**
		 * Sets whether mode {@code named} rotates the tunnel the Synth backend manages for the
		 * account (deletes it and creates a fresh one) before it starts
		 * ({@code task-app.tunnel.named.force-new}), as the Synth SDK's {@code force_new_tunnel}
		 * does. Default {@code false}: the account's tunnel is reused.
		 * @param forceNewTunnel whether to rotate the managed tunnel
		 * @return this builder
		 */
		public Builder forceNewTunnel(boolean forceNewTunnel) {
			return putProperty("task-app.tunnel.named.force-new", forceNewTunnel);
		}

		/**
		 * Sets whether the public URL's {@code /health} is probed before the URL is announced
		 * ({@code task-app.tunnel.verify.enabled}). Default {@code true}.
		 * @param verifyTunnel whether to verify
		 * @return this builder
		 */
		public Builder verifyTunnel(boolean verifyTunnel) {
			return putProperty("task-app.tunnel.verify.enabled", verifyTunnel);
		}

		/**
		 * Sets any other property of the application, such as
		 * {@code task-app.tunnel.startup-timeout} or {@code task-app.base-path}. It wins over
		 * {@code application.properties}, environment variables and system properties. The
		 * properties with options of their own (port, host, tunnel mode, auto-find-port,
		 * health-check timeout) are set with those.
		 * @param name the property name
		 * @param value the value
		 * @return this builder
		 * @throws IllegalArgumentException if the property is set with an option of this builder
		 */
		public Builder property(String name, Object value) {
			Objects.requireNonNull(name, "name must not be null");
			String option = OPTION_PROPERTIES.get(ConfigurationPropertyName.adapt(name, '.'));
			if (option != null) {
				throw new IllegalArgumentException(
						"Property " + name + " is set with " + option + ", not property(...)");
			}
			return putProperty(name, value);
		}

		/**
		 * Sets other properties of the application; see {@link #property(String, Object)}.
		 * @param properties the properties
		 * @return this builder
		 */
		public Builder properties(Map<String, ?> properties) {
			properties.forEach(this::property);
			return this;
		}

		/**
		 * Sets what to do once the task app is reachable, such as submitting a job. A callback
		 * that throws is logged; the task app stays up.
		 * @param onStart the callback, given the started task app
		 * @return this builder
		 */
		public Builder onStart(Consumer<? super InProcessTaskApp> onStart) {
			this.onStart = Objects.requireNonNull(onStart, "onStart must not be null");
			return this;
		}

		/**
		 * Sets what to do when the task app is closed, before the tunnel and the server stop.
		 * Runs once. A callback that throws is logged; the task app stops all the same.
		 * @param onStop the callback, given the task app
		 * @return this builder
		 */
		public Builder onStop(Consumer<? super InProcessTaskApp> onStop) {
			this.onStop = Objects.requireNonNull(onStop, "onStop must not be null");
			return this;
		}

		Builder environment(Function<String, @Nullable String> environment) {
			this.environment = environment;
			return this;
		}

		Builder launcher(TaskAppLauncher launcher) {
			this.launcher = launcher;
			return this;
		}

		private Builder putProperty(String name, Object value) {
			this.properties.put(name, Objects.requireNonNull(value, () -> name + " must not be null"));
			return this;
		}

		/**
		 * Checks the options, in the order the Synth SDK checks them, and builds the task app,
		 * not started.
		 * @return the task app
		 * @throws IllegalArgumentException if an option is invalid
		 */
		public InProcessTaskApp build() {
			TaskAppConfigSource source = singleSource();
			if (this.port < 1024 || this.port > 65535) {
				throw new IllegalArgumentException("Port must be in range [1024, 65535], got " + this.port);
			}
			if (!VALID_HOSTS.contains(this.host)) {
				throw new IllegalArgumentException("Host must be one of (127.0.0.1, localhost, 0.0.0.0, ::1)"
						+ " for security reasons, got " + this.host);
			}
			EnvironmentOverrides overrides = new EnvironmentOverrides(this.environment);
			TunnelMode mode = overrides.tunnelMode(explicitTunnelMode(), DEFAULT_TUNNEL_MODE);
			if (mode == TunnelMode.PRECONFIGURED && !hasPreconfiguredUrl()) {
				throw new IllegalArgumentException("tunnelMode 'preconfigured' requires preconfiguredUrl(...) or the"
						+ " SYNTH_TASK_APP_URL environment variable");
			}
			Map<String, Object> properties = new LinkedHashMap<>(this.properties);
			String environmentUrl = overrides.taskAppUrl();
			if (mode == TunnelMode.PRECONFIGURED && environmentUrl != null && !hasBuilderPreconfiguredUrl()) {
				properties.put(PRECONFIGURED_URL.toString(), environmentUrl);
			}
			if (this.healthCheckTimeout.isZero() || this.healthCheckTimeout.isNegative()) {
				throw new IllegalArgumentException(
						"healthCheckTimeout must be positive, got " + this.healthCheckTimeout);
			}
			InProcessTaskAppOptions options = new InProcessTaskAppOptions(source, this.port, this.host, mode,
					this.autoFindPort, this.healthCheckTimeout, properties, this.onStart, this.onStop);
			return new InProcessTaskApp(options, this.launcher);
		}

		/**
		 * Builds the task app and starts it; see {@link InProcessTaskApp#start()}.
		 * @return the running task app
		 * @throws IllegalArgumentException if an option is invalid
		 * @throws TaskAppStartException if the task app could not be started or made reachable
		 */
		public InProcessTaskApp start() {
			return build().start();
		}

		private TaskAppConfigSource singleSource() {
			if (this.sources.size() != 1) {
				throw new IllegalArgumentException("Must provide exactly one of: config, configSupplier, or configClass"
						+ " (got " + ((this.sources.isEmpty()) ? "none"
								: String.join(", ", this.sources.stream().map(TaskAppConfigSource::describe).toList()))
						+ ")");
			}
			return this.sources.get(0);
		}

		private @Nullable TunnelMode explicitTunnelMode() {
			return (this.tunnelModeName != null) ? TunnelModes.parse(this.tunnelModeName) : this.tunnelMode;
		}

		private boolean hasBuilderPreconfiguredUrl() {
			for (Map.Entry<String, Object> property : this.properties.entrySet()) {
				if (ConfigurationPropertyName.adapt(property.getKey(), '.').equals(PRECONFIGURED_URL)
						&& StringUtils.hasText(property.getValue().toString())) {
					return true;
				}
			}
			return false;
		}

		private boolean hasPreconfiguredUrl() {
			return hasBuilderPreconfiguredUrl() || StringUtils.hasText(this.environment.apply("SYNTH_TASK_APP_URL"))
					|| StringUtils.hasText(this.environment.apply("task-app.tunnel.preconfigured.url"))
					|| StringUtils.hasText(this.environment.apply("TASK_APP_TUNNEL_PRECONFIGURED_URL"));
		}

		private static @Nullable String systemSetting(String name) {
			String property = System.getProperty(name);
			return (property != null) ? property : System.getenv(name);
		}

	}

}
