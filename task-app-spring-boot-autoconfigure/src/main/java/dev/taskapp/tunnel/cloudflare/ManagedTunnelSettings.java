package dev.taskapp.tunnel.cloudflare;

import org.jspecify.annotations.Nullable;

/**
 * How mode {@code named} obtains a Cloudflare tunnel managed by the Synth backend when no
 * tunnel token is configured. {@link #toString()} never shows the API key.
 *
 * @param apiKey the Synth API key ({@code task-app.tunnel.synth.api-key}, default
 * {@code SYNTH_API_KEY})
 * @param backendUrl base URL of the Synth backend ({@code task-app.tunnel.synth.backend-url})
 * @param forceNew whether the account's tunnel is rotated (deleted and created afresh; with the
 * lease API, a fresh connector is asked for) before the first start
 * ({@code task-app.tunnel.named.force-new})
 * @param hostname the account's tunnel to use when it has several
 * ({@code task-app.tunnel.named.hostname}); {@code null} for the first one
 */
public record ManagedTunnelSettings(String apiKey, String backendUrl, boolean forceNew, @Nullable String hostname) {

	/**
	 * Creates the settings.
	 */
	public ManagedTunnelSettings {
		if (apiKey.isBlank()) {
			throw new IllegalArgumentException("A Synth API key is required");
		}
		if (backendUrl.isBlank()) {
			throw new IllegalArgumentException("A backend URL is required");
		}
	}

	@Override
	public String toString() {
		return "ManagedTunnelSettings[apiKey=******, backendUrl=" + this.backendUrl + ", forceNew=" + this.forceNew
				+ ", hostname=" + this.hostname + "]";
	}

}
