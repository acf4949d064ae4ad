package dev.taskapp.console;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelState;
import org.jspecify.annotations.Nullable;

/**
 * Where the task app can be reached, as the console shows it: the public URL, the tunnel mode
 * and its state. Never a key or a token.
 */
public final class ConsoleTunnel {

	private final @Nullable TaskAppUrl url;

	private final Supplier<@Nullable TunnelState> state;

	/**
	 * Creates the view of a task app's tunnel.
	 * @param url the task app's URL bean, or {@code null} when there is none
	 * @param state where the tunnel stands, supplying {@code null} when there is no tunnel
	 * manager
	 */
	public ConsoleTunnel(@Nullable TaskAppUrl url, Supplier<@Nullable TunnelState> state) {
		this.url = url;
		this.state = state;
	}

	Map<String, @Nullable Object> describe() {
		Map<String, @Nullable Object> tunnel = new LinkedHashMap<>();
		TaskAppUrl url = this.url;
		TunnelMode mode = (url != null) ? url.mode() : null;
		TunnelState state = this.state.get();
		tunnel.put("public_url", (url != null) ? url.getIfReady() : null);
		tunnel.put("local_url", (url != null) ? url.localUrl() : null);
		tunnel.put("mode", (mode != null) ? mode.name().toLowerCase(Locale.ROOT) : null);
		tunnel.put("state", (state != null) ? state.name().toLowerCase(Locale.ROOT) : "none");
		return tunnel;
	}

}
