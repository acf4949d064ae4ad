package dev.taskapp.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.reactive.ConfigurableReactiveWebServerFactory;
import org.springframework.core.Ordered;

/**
 * Checks where the task app's server listens: {@code server.address} must be a loopback
 * address or the wildcard (the tunnel connects through loopback), and a busy
 * {@code server.port} moves to the next free port when {@code task-app.server.auto-find-port}
 * is set. Runs after Boot's own customizer has applied {@code server.*}.
 */
class TaskAppServerCustomizer implements WebServerFactoryCustomizer<ConfigurableReactiveWebServerFactory>, Ordered {

	static final int PORTS_TO_TRY = 100;

	private static final Log logger = LogFactory.getLog(TaskAppServerCustomizer.class);

	private final boolean autoFindPort;

	TaskAppServerCustomizer(boolean autoFindPort) {
		this.autoFindPort = autoFindPort;
	}

	@Override
	public void customize(ConfigurableReactiveWebServerFactory factory) {
		if (!(factory instanceof AbstractConfigurableWebServerFactory configurable)) {
			return;
		}
		InetAddress address = configurable.getAddress();
		checkAddress(address);
		int port = configurable.getPort();
		if (!this.autoFindPort || port <= 0 || isFree(address, port)) {
			return;
		}
		int free = nextFreePort(address, port);
		if (free < 0) {
			logger.warn("Ports " + port + " to " + (port + PORTS_TO_TRY - 1) + " are all in use; keeping server.port="
					+ port);
			return;
		}
		logger.warn("Port " + port + " is in use; the task app listens on " + free
				+ " instead (task-app.server.auto-find-port=true)");
		configurable.setPort(free);
	}

	static void checkAddress(@Nullable InetAddress address) {
		if (address != null && !address.isLoopbackAddress() && !address.isAnyLocalAddress()) {
			throw new InvalidConfigurationPropertyValueException("server.address", address.getHostAddress(),
					"A task app must listen on a loopback address (127.0.0.1 or ::1) or on 0.0.0.0: the tunnel reaches"
							+ " it through loopback, and any other address exposes it unprotected by the tunnel.");
		}
	}

	static int nextFreePort(@Nullable InetAddress address, int busyPort) {
		for (int candidate = busyPort + 1; candidate < busyPort + PORTS_TO_TRY && candidate <= 65535; candidate++) {
			if (isFree(address, candidate)) {
				return candidate;
			}
		}
		return -1;
	}

	static boolean isFree(@Nullable InetAddress address, int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind((address != null) ? new InetSocketAddress(address, port) : new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
