package dev.taskapp.web;

import java.time.Duration;

/**
 * How the task-app routes are served.
 *
 * @param basePath prefix of every route, empty or starting with {@code /} and not ending
 * with one
 * @param authEnabled whether the protected routes require an API key
 * @param authFailureStatus status of a missing or wrong key, 401 or 400
 * @param maxRequestBytes largest accepted request body; larger ones are answered with 413
 * @param bodyReadTimeout longest time a client may take to send a request body; a slower one is
 * answered with 408
 */
public record TaskAppRouteSettings(String basePath, boolean authEnabled, int authFailureStatus, long maxRequestBytes,
		Duration bodyReadTimeout) {

	/**
	 * Creates the settings, checking them.
	 */
	public TaskAppRouteSettings {
		if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
			throw new IllegalArgumentException(
					"basePath must be empty or start with '/' and not end with '/', got '" + basePath + "'");
		}
		if (authFailureStatus != 400 && authFailureStatus != 401) {
			throw new IllegalArgumentException("authFailureStatus must be 401 or 400, got " + authFailureStatus);
		}
		if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
			throw new IllegalArgumentException("bodyReadTimeout must be positive, got " + bodyReadTimeout);
		}
		if (maxRequestBytes <= 0) {
			throw new IllegalArgumentException("maxRequestBytes must be positive, got " + maxRequestBytes);
		}
	}

	/**
	 * Returns the path of a route under the base path.
	 * @param route the route, starting with {@code /}
	 * @return the full path
	 */
	public String path(String route) {
		if (route.equals("/")) {
			return this.basePath.isEmpty() ? "/" : this.basePath;
		}
		return this.basePath + route;
	}

}
