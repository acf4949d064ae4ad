package dev.taskapp.tunnel.synth;

import java.util.List;

/**
 * Replaces known secrets in text that came from elsewhere (server bodies, exception messages)
 * before it goes into a log line, an exception message or a relay frame.
 */
final class SecretMask {

	private static final int MAX_LENGTH = 300;

	private final List<String> secrets;

	SecretMask(List<String> secrets) {
		this.secrets = secrets.stream().filter((secret) -> secret != null && secret.length() >= 4).toList();
	}

	/**
	 * Returns the text with every secret replaced by {@code ***}, cut to a few hundred
	 * characters.
	 * @param text the text
	 * @return the masked text
	 */
	String mask(String text) {
		String masked = text;
		for (String secret : this.secrets) {
			masked = masked.replace(secret, "***");
		}
		return (masked.length() > MAX_LENGTH) ? masked.substring(0, MAX_LENGTH) + "..." : masked;
	}

}
