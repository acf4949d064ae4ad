package dev.taskapp.tunnel;

import java.time.Duration;
import java.util.Map;

/**
 * How the {@link TunnelManager} opens, verifies and restarts the tunnel.
 *
 * @param localHost host the local server answers on: {@code 127.0.0.1}, or {@code [::1]} for a
 * server bound to the IPv6 loopback address
 * @param startup whether context start waits for the public URL
 * @param startupTimeout longest time the backend may take to open the tunnel
 * @param healthCheckTimeout longest wait for the local {@code /health} before the tunnel opens
 * @param verifyEnabled whether the public URL's {@code /health} is probed before it is announced
 * @param verifyTimeout longest wait for the public URL to answer
 * @param basePath prefix of the task-app routes, empty or starting with {@code /}
 * @param verifyHeaders extra headers of the public probe, such as a proxy's auth header
 * @param restartInitialBackoff wait before the first attempt to reopen a lost tunnel
 * @param restartMaxBackoff longest wait between attempts to reopen a lost tunnel
 */
public record TunnelManagerSettings(String localHost, TunnelStartup startup, Duration startupTimeout, Duration healthCheckTimeout,
		boolean verifyEnabled, Duration verifyTimeout, String basePath, Map<String, String> verifyHeaders,
		Duration restartInitialBackoff, Duration restartMaxBackoff) {

	/**
	 * Creates the settings.
	 */
	public TunnelManagerSettings {
		verifyHeaders = Map.copyOf(verifyHeaders);
	}

	@Override
	public String toString() {
		return "TunnelManagerSettings[localHost=" + this.localHost + ", startup=" + this.startup + ", startupTimeout=" + this.startupTimeout
				+ ", healthCheckTimeout=" + this.healthCheckTimeout + ", verifyEnabled=" + this.verifyEnabled
				+ ", verifyTimeout=" + this.verifyTimeout + ", basePath='" + this.basePath + "', verifyHeaders="
				+ this.verifyHeaders.keySet() + "]";
	}

}
