package dev.taskapp.inprocess;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites advice written for {@code task-app.*} properties in the terms of the
 * {@link InProcessTaskApp} builder: its own option where it has one, else
 * {@code .property(name, value)}.
 */
final class InProcessAdvice {

	private static final Pattern PROPERTY = Pattern.compile("task-app\\.[a-z0-9.-]*[a-z0-9](=[a-z0-9]+)?");

	private InProcessAdvice() {
	}

	static String of(String advice) {
		String rewritten = advice.replace("task-app.tunnel.preconfigured.auth-header and .auth-token",
				".preconfiguredAuth(header, token)");
		Matcher matcher = PROPERTY.matcher(rewritten);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(result, Matcher.quoteReplacement(builderCall(matcher.group())));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	private static String builderCall(String setting) {
		int equals = setting.indexOf('=');
		String name = (equals < 0) ? setting : setting.substring(0, equals);
		String value = (equals < 0) ? null : setting.substring(equals + 1);
		return switch (name) {
			case "task-app.tunnel.mode" ->
				".tunnelMode(" + ((value != null) ? "TunnelMode." + value.toUpperCase(Locale.ROOT) : "…") + ")";
			case "task-app.tunnel.verify.enabled" -> ".verifyTunnel(" + ((value != null) ? value : "…") + ")";
			case "task-app.tunnel.health-check-timeout" -> ".healthCheckTimeout(Duration)";
			case "task-app.tunnel.preconfigured.url" -> ".preconfiguredUrl(url)";
			case "task-app.api-key" -> ".apiKey(key)";
			default -> ".property(\"" + name + "\", " + ((value != null) ? "\"" + value + "\"" : "…") + ")";
		};
	}

}
