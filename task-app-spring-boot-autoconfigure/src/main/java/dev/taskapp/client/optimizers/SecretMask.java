package dev.taskapp.client.optimizers;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that came from the backend before it goes into an exception
 * message: every known secret (the Synth API key, container header values) and every
 * {@code Bearer} credential is replaced with {@value #MASK}.
 */
final class SecretMask {

	static final String MASK = "***";

	private static final Pattern BEARER = Pattern.compile("(?i)\\bBearer\\s+[A-Za-z0-9._~+/=-]+");

	private final List<String> secrets;

	SecretMask(List<String> secrets) {
		this.secrets = secrets.stream().filter((secret) -> secret.length() >= 4).toList();
	}

	String apply(String text) {
		String masked = text;
		for (String secret : this.secrets) {
			masked = masked.replace(secret, MASK);
		}
		return BEARER.matcher(masked).replaceAll("Bearer " + MASK);
	}

	String applyAndLimit(String text, int maxLength) {
		String masked = apply(text);
		return (masked.length() > maxLength) ? masked.substring(0, maxLength) : masked;
	}

	SecretMask with(List<String> more) {
		List<String> all = new java.util.ArrayList<>(this.secrets);
		all.addAll(more);
		return new SecretMask(all);
	}

}
