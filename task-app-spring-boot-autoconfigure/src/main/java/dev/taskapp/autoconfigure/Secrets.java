package dev.taskapp.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Renders a secret for {@code toString()}: whether it is set, never any of it.
 */
final class Secrets {

	private Secrets() {
	}

	static String mask(@Nullable String secret) {
		return (secret == null || secret.isEmpty()) ? "unset" : "******";
	}

}
