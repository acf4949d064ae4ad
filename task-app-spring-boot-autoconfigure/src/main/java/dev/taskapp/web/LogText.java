package dev.taskapp.web;

import org.jspecify.annotations.Nullable;

/**
 * Makes caller-supplied text safe to log: control characters are escaped so a value cannot
 * forge log lines, and long values are cut.
 */
final class LogText {

	private static final int MAX_LENGTH = 200;

	private LogText() {
	}

	static String of(@Nullable String text) {
		if (text == null) {
			return "null";
		}
		StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8);
		for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				safe.append(String.format("\\u%04x", (int) c));
			}
			else {
				safe.append(c);
			}
		}
		if (text.length() > MAX_LENGTH) {
			safe.append("...");
		}
		return safe.toString();
	}

}
