package dev.taskapp.client;

import java.time.Duration;

/**
 * Checks durations given to the client builders and renders them for messages: {@code 10s},
 * {@code 250ms}, {@code 10m}.
 */
final class Durations {

	private Durations() {
	}

	static Duration requirePositive(Duration duration, String name) {
		if (duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return duration;
	}

	static String describe(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 60_000 == 0 && millis > 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1000 == 0 && millis > 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

}
