package dev.taskapp.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Command-line flags of the form {@code --name=value} (or {@code --name} for {@code true}).
 * Every flag read is remembered so that {@link #rejectUnknown()} can refuse a misspelt one.
 */
final class Flags {

	private final Map<String, String> values = new LinkedHashMap<>();

	private final Set<String> read = new TreeSet<>();

	Flags(String[] args) {
		for (String arg : args) {
			if (!arg.startsWith("--") || arg.length() == 2) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			int equals = arg.indexOf('=');
			if (equals < 0) {
				this.values.put(arg.substring(2), "true");
			}
			else {
				this.values.put(arg.substring(2, equals), arg.substring(equals + 1));
			}
		}
	}

	boolean has(String name) {
		this.read.add(name);
		return this.values.containsKey(name);
	}

	@Nullable String get(String name) {
		this.read.add(name);
		return this.values.get(name);
	}

	String string(String name, String defaultValue) {
		String value = get(name);
		return (value != null) ? value : defaultValue;
	}

	int integer(String name, int defaultValue) {
		String value = get(name);
		try {
			return (value != null) ? Integer.parseInt(value.strip()) : defaultValue;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be an integer, got '" + value + "'");
		}
	}

	long longValue(String name, long defaultValue) {
		String value = get(name);
		try {
			return (value != null) ? Long.parseLong(value.strip()) : defaultValue;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be an integer, got '" + value + "'");
		}
	}

	boolean bool(String name, boolean defaultValue) {
		String value = get(name);
		return (value != null) ? Boolean.parseBoolean(value.strip()) : defaultValue;
	}

	Duration duration(String name, Duration defaultValue) {
		String value = get(name);
		return (value != null) ? parseDuration(name, value) : defaultValue;
	}

	/**
	 * Fails when a flag was given that nobody asked for.
	 * @throws IllegalArgumentException naming the unknown flags
	 */
	void rejectUnknown() {
		Set<String> unknown = new TreeSet<>(this.values.keySet());
		unknown.removeAll(this.read);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown flag(s) " + unknown + "; known: " + this.read);
		}
	}

	/**
	 * Parses {@code 250ms}, {@code 20s}, {@code 2m} or a plain number of seconds.
	 * @param name the flag, for the message
	 * @param text the value
	 * @return the duration
	 */
	static Duration parseDuration(String name, String text) {
		String value = text.strip().toLowerCase(Locale.ROOT);
		try {
			if (value.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
			}
			if (value.endsWith("s")) {
				return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
			}
			if (value.endsWith("m")) {
				double minutes = Double.parseDouble(value.substring(0, value.length() - 1));
				return Duration.ofMillis(Math.round(minutes * 60_000));
			}
			return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a duration such as 500ms, 20s or 2m, got '"
					+ text + "'");
		}
	}

}
