package dev.taskapp.inprocess;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.taskapp.tunnel.TunnelMode;

/**
 * Reads a tunnel mode given by name, as the Synth SDK accepts it: case-insensitive, trimmed,
 * with the SDK's spellings {@code localhost}, {@code cloudflare_quick} and
 * {@code synth_tunnel} as aliases.
 */
final class TunnelModes {

	private static final Map<String, TunnelMode> ALIASES = Map.of("localhost", TunnelMode.LOCAL, "cloudflare_quick",
			TunnelMode.QUICK, "cloudflare-quick", TunnelMode.QUICK, "synth_tunnel", TunnelMode.SYNTHTUNNEL,
			"synth-tunnel", TunnelMode.SYNTHTUNNEL);

	private TunnelModes() {
	}

	/**
	 * Returns the mode of the given name.
	 * @param name the name, such as {@code quick}
	 * @return the mode
	 * @throws IllegalArgumentException if no mode has that name
	 */
	static TunnelMode parse(String name) {
		String normalized = name.trim().toLowerCase(Locale.ROOT);
		TunnelMode alias = ALIASES.get(normalized);
		if (alias != null) {
			return alias;
		}
		for (TunnelMode mode : TunnelMode.values()) {
			if (name(mode).equals(normalized)) {
				return mode;
			}
		}
		throw new IllegalArgumentException("tunnelMode must be one of " + validNames() + ", got " + name);
	}

	/**
	 * Returns the property value of a mode, such as {@code quick}.
	 * @param mode the mode
	 * @return its name
	 */
	static String name(TunnelMode mode) {
		return mode.name().toLowerCase(Locale.ROOT);
	}

	private static String validNames() {
		return Arrays.stream(TunnelMode.values()).map(TunnelModes::name).collect(Collectors.joining(", ", "(", ")"));
	}

}
