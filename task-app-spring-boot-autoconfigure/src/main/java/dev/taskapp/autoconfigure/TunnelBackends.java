package dev.taskapp.autoconfigure;

import dev.taskapp.tunnel.LocalTunnelBackend;
import dev.taskapp.tunnel.PreconfiguredTunnelBackend;
import dev.taskapp.tunnel.TaskAppTunnelException;
import dev.taskapp.tunnel.TunnelBackend;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.cloudflare.CloudflaredSettings;
import dev.taskapp.tunnel.cloudflare.LeasedTunnelBackend;
import dev.taskapp.tunnel.cloudflare.ManagedTunnelApi;
import dev.taskapp.tunnel.cloudflare.ManagedTunnelBackend;
import dev.taskapp.tunnel.cloudflare.ManagedTunnelSettings;
import dev.taskapp.tunnel.cloudflare.NamedTunnelBackend;
import dev.taskapp.tunnel.cloudflare.QuickTunnelBackend;
import dev.taskapp.tunnel.synth.SynthTunnelBackend;
import dev.taskapp.tunnel.synth.SynthTunnelSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Chooses and creates the {@link TunnelBackend} of the configured mode, with the settings of
 * {@code task-app.tunnel.*} and the environment variables the Synth SDK reads as defaults.
 * Configuration a mode cannot work without fails here, before the server starts.
 */
final class TunnelBackends {

	private static final Log logger = LogFactory.getLog(TunnelBackends.class);

	private final TaskAppProperties.Tunnel properties;

	private final Environment environment;

	TunnelBackends(TaskAppProperties.Tunnel properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	/**
	 * Returns the mode {@code auto} stands for: SynthTunnel with a Synth API key, else local.
	 * @return the resolved mode
	 */
	TunnelMode resolvedMode() {
		if (this.properties.mode() != TunnelMode.AUTO) {
			return this.properties.mode();
		}
		if (synthApiKey() != null) {
			return TunnelMode.SYNTHTUNNEL;
		}
		logger.warn("task-app.tunnel.mode=auto found no Synth API key (task-app.tunnel.synth.api-key or SYNTH_API_KEY):"
				+ " the task app is served on its local URL only, which the Synth backend cannot reach. Set SYNTH_API_KEY"
				+ " for a SynthTunnel URL, or set task-app.tunnel.mode=quick for a Cloudflare quick tunnel.");
		return TunnelMode.LOCAL;
	}

	TunnelBackend create(TunnelMode mode) {
		return switch (mode) {
			case LOCAL -> new LocalTunnelBackend();
			case PRECONFIGURED -> preconfigured();
			case QUICK -> new QuickTunnelBackend(cloudflaredSettings());
			case NAMED -> named();
			case SYNTHTUNNEL -> synthTunnel();
			case AUTO -> throw new IllegalArgumentException("auto is resolved to a concrete mode first");
		};
	}

	private TunnelBackend named() {
		TaskAppProperties.Named named = this.properties.named();
		String apiKey = synthApiKey();
		if (!StringUtils.hasText(named.token()) && apiKey != null) {
			String hostname = StringUtils.hasText(named.hostname()) ? named.hostname().strip() : null;
			ManagedTunnelSettings managed = new ManagedTunnelSettings(apiKey, synthBackendUrl(), named.forceNew(),
					hostname);
			return (named.api() == ManagedTunnelApi.LEASE) ? new LeasedTunnelBackend(managed, cloudflaredSettings())
					: new ManagedTunnelBackend(managed, cloudflaredSettings());
		}
		NamedTunnelBackend backend = new NamedTunnelBackend(cloudflaredSettings());
		try {
			backend.checkedUrl();
		}
		catch (TunnelStartException ex) {
			throw new TaskAppTunnelException(ex);
		}
		return backend;
	}

	private CloudflaredSettings cloudflaredSettings() {
		TaskAppProperties.Cloudflared cloudflared = this.properties.cloudflared();
		return CloudflaredSettings.defaults()
			.withPath(cloudflared.path())
			.withGracePeriod(cloudflared.gracePeriod())
			.withNamedTunnel(this.properties.named().token(), this.properties.named().hostname());
	}

	private TunnelBackend synthTunnel() {
		String apiKey = synthApiKey();
		if (apiKey == null) {
			throw new TaskAppTunnelException(new TunnelStartException(TunnelStartException.Reason.SYNTH_API_KEY_MISSING,
					TunnelMode.SYNTHTUNNEL, "Tunnel mode 'synthtunnel' needs a Synth API key, and none is configured"));
		}
		return new SynthTunnelBackend(SynthTunnelSettings.builder().apiKey(apiKey).backendUrl(synthBackendUrl()).build());
	}

	private TunnelBackend preconfigured() {
		PreconfiguredTunnelBackend backend = new PreconfiguredTunnelBackend(preconfiguredUrl());
		try {
			backend.checkedUrl();
		}
		catch (TunnelStartException ex) {
			throw new TaskAppTunnelException(ex);
		}
		return backend;
	}

	@Nullable String preconfiguredUrl() {
		return firstText(this.properties.preconfigured().url(), this.environment.getProperty("SYNTH_TASK_APP_URL"));
	}

	@Nullable String synthApiKey() {
		return firstText(this.properties.synth().apiKey(), this.environment.getProperty("SYNTH_API_KEY"));
	}

	String synthBackendUrl() {
		String url = firstText(this.properties.synth().backendUrl(), this.environment.getProperty("SYNTH_BACKEND_URL"));
		return (url != null) ? url : SynthTunnelSettings.DEFAULT_BACKEND_URL;
	}

	private static @Nullable String firstText(@Nullable String first, @Nullable String second) {
		if (StringUtils.hasText(first)) {
			return first.trim();
		}
		return StringUtils.hasText(second) ? second.trim() : null;
	}

}
