package dev.taskapp.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Recognises task-app URLs served through the SynthTunnel relay, as the Synth SDK's
 * {@code is_synthtunnel_url} does ({@code synth_ai/core/tunnels}; contract reference §6.5.5):
 * the host is {@code st.usesynth.ai} or one of its subdomains, or the path contains a
 * {@code /s/rt_} route segment. Jobs for such URLs must carry the SynthTunnel worker token and
 * never the task-app API key: the local agent adds the key itself.
 */
final class SynthTunnelUrls {

	private static final String RELAY_HOST = "st.usesynth.ai";

	private static final String ROUTE_SEGMENT = "/s/rt_";

	private SynthTunnelUrls() {
	}

	/**
	 * Returns whether a URL targets the SynthTunnel relay.
	 * @param url the task-app URL
	 * @return whether it is a SynthTunnel URL; {@code false} for a malformed or missing URL
	 */
	static boolean isSynthTunnel(@Nullable String url) {
		if (url == null || url.isBlank()) {
			return false;
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			return false;
		}
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		if (host.equals(RELAY_HOST) || host.endsWith("." + RELAY_HOST)) {
			return true;
		}
		String path = uri.getRawPath();
		return path != null && path.contains(ROUTE_SEGMENT);
	}

}
