package dev.taskapp.client;

import java.util.List;

/**
 * Removes secrets from text that came from a server before it goes into an exception message
 * or a health detail. Every occurrence of a secret, and of any run of at least
 * {@value #MIN_FRAGMENT} consecutive characters of one (such as the key prefixes the Python
 * reference echoes in its error bodies), is replaced with {@value #MASK}.
 */
final class SecretRedactor {

	/** The replacement of a secret. */
	static final String MASK = "***";

	/** Shortest run of a secret's characters that is masked; shorter secrets are masked whole. */
	static final int MIN_FRAGMENT = 6;

	private final List<String> secrets;

	SecretRedactor(List<String> secrets) {
		this.secrets = secrets.stream().filter((secret) -> !secret.isEmpty()).toList();
	}

	/**
	 * Returns the text with every secret masked.
	 * @param text the text
	 * @return the redacted text
	 */
	String redact(String text) {
		return redactAndLimit(text, Integer.MAX_VALUE);
	}

	/**
	 * Returns at most {@code maxLength} characters of the redacted text. Secrets are matched
	 * in the whole text before it is cut, so that a secret across the cut cannot leave a
	 * prefix behind.
	 * @param text the text
	 * @param maxLength the most characters to keep
	 * @return the redacted start of the text
	 */
	String redactAndLimit(String text, int maxLength) {
		StringBuilder redacted = new StringBuilder(Math.min(text.length(), maxLength));
		int i = 0;
		while (i < text.length() && redacted.length() < maxLength) {
			int length = this.secrets.isEmpty() ? 0 : secretRunAt(text, i);
			if (length > 0) {
				redacted.append(MASK);
				i += length;
			}
			else {
				redacted.append(text.charAt(i));
				i++;
			}
		}
		return cut(redacted, maxLength);
	}

	private static String cut(StringBuilder text, int maxLength) {
		if (text.length() <= maxLength) {
			return text.toString();
		}
		int end = maxLength;
		if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(0, end);
	}

	private int secretRunAt(String text, int start) {
		int longest = 0;
		for (String secret : this.secrets) {
			int minimum = Math.min(MIN_FRAGMENT, secret.length());
			for (int offset = 0; offset + minimum <= secret.length(); offset++) {
				int length = 0;
				while (start + length < text.length() && offset + length < secret.length()
						&& text.charAt(start + length) == secret.charAt(offset + length)) {
					length++;
				}
				if (length >= minimum && length > longest) {
					longest = length;
				}
			}
		}
		return longest;
	}

}
