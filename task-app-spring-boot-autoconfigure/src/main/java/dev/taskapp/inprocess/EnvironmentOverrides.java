package dev.taskapp.inprocess;

import java.util.function.Function;

import dev.taskapp.tunnel.TunnelMode;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The Synth SDK's environment variables that configure an in-process task app where its
 * builder left the option unset: {@code SYNTH_TASK_APP_URL} selects {@code preconfigured}
 * mode with that URL, else {@code SYNTH_TUNNEL_MODE} names the mode. An option set on the
 * builder always wins.
 */
final class EnvironmentOverrides {

	/** Variable that names the tunnel mode. */
	static final String TUNNEL_MODE = "SYNTH_TUNNEL_MODE";

	/** Variable that gives the public URL of {@code preconfigured} mode. */
	static final String TASK_APP_URL = "SYNTH_TASK_APP_URL";

	private final Function<String, @Nullable String> environment;

	EnvironmentOverrides(Function<String, @Nullable String> environment) {
		this.environment = environment;
	}

	/**
	 * Returns the tunnel mode to use.
	 * @param explicit the mode set on the builder, or {@code null}
	 * @param fallback the mode when neither the builder nor the environment names one
	 * @return the mode
	 * @throws IllegalArgumentException if {@code SYNTH_TUNNEL_MODE} names no mode
	 */
	TunnelMode tunnelMode(@Nullable TunnelMode explicit, TunnelMode fallback) {
		if (explicit != null) {
			return explicit;
		}
		if (taskAppUrl() != null) {
			return TunnelMode.PRECONFIGURED;
		}
		String name = this.environment.apply(TUNNEL_MODE);
		if (!StringUtils.hasText(name)) {
			return fallback;
		}
		try {
			return TunnelModes.parse(name);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(TUNNEL_MODE + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Returns the URL {@code SYNTH_TASK_APP_URL} gives.
	 * @return the trimmed URL, or {@code null} when the variable is unset or blank
	 */
	@Nullable String taskAppUrl() {
		String url = this.environment.apply(TASK_APP_URL);
		return StringUtils.hasText(url) ? url.strip() : null;
	}

}
