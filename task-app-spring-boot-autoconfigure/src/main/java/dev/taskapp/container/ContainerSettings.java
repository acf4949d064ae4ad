package dev.taskapp.container;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * How the container routes are served.
 *
 * @param basePath prefix of every container route, empty or starting with {@code /} and not
 * ending with one
 * @param authEnabled whether the routes other than {@code /} and {@code /health} require an
 * API key
 * @param authFailureStatus status of a missing or wrong key, 401 or 400
 * @param maxRequestBytes largest accepted request body; larger ones are answered with 413
 * @param recordRetention how long a finished rollout stays readable under
 * {@code /rollouts/{id}}
 * @param scaleLeases the number of rollouts the app runs at once, published as
 * {@code capabilities.scale_leases}
 */
public record ContainerSettings(String basePath, boolean authEnabled, int authFailureStatus, long maxRequestBytes,
		Duration recordRetention, IntSupplier scaleLeases) {

	/** The {@code scale_leases} published when nothing else limits rollouts: GEPA's default concurrency. */
	public static final int DEFAULT_SCALE_LEASES = 128;

	/**
	 * Creates the settings, checking them.
	 */
	public ContainerSettings {
		if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
			throw new IllegalArgumentException(
					"basePath must be empty or start with '/' and not end with '/', got '" + basePath + "'");
		}
		if (authFailureStatus != 400 && authFailureStatus != 401) {
			throw new IllegalArgumentException("authFailureStatus must be 401 or 400, got " + authFailureStatus);
		}
		if (maxRequestBytes <= 0) {
			throw new IllegalArgumentException("maxRequestBytes must be positive, got " + maxRequestBytes);
		}
		if (recordRetention.isNegative() || recordRetention.isZero()) {
			throw new IllegalArgumentException("recordRetention must be positive, got " + recordRetention);
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
