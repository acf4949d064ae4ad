package dev.taskapp.inprocess;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.taskapp.tunnel.TunnelMode;
import org.jspecify.annotations.Nullable;

/**
 * The checked options of an {@link InProcessTaskApp}.
 *
 * @param source where the task app's config comes from
 * @param port the port to listen on
 * @param host the address to listen on
 * @param tunnelMode how the task app is made reachable
 * @param autoFindPort whether a busy port moves to the next free one
 * @param healthCheckTimeout longest wait for the local {@code /health}
 * @param properties further application properties
 * @param onStart called once the task app is reachable
 * @param onStop called when the task app is closed
 */
record InProcessTaskAppOptions(TaskAppConfigSource source, int port, String host, TunnelMode tunnelMode,
		boolean autoFindPort, Duration healthCheckTimeout, Map<String, Object> properties,
		@Nullable Consumer<? super InProcessTaskApp> onStart, @Nullable Consumer<? super InProcessTaskApp> onStop) {

	InProcessTaskAppOptions {
		properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	/**
	 * Returns the properties the application runs with, ahead of every other property source:
	 * the further properties, then the options.
	 * @return the properties
	 */
	Map<String, Object> applicationProperties() {
		Map<String, Object> all = new LinkedHashMap<>(this.properties);
		all.put("server.port", this.port);
		all.put("server.address", this.host);
		all.put("task-app.tunnel.mode", TunnelModes.name(this.tunnelMode));
		all.put("task-app.tunnel.startup", "block");
		all.put("task-app.server.auto-find-port", this.autoFindPort);
		all.put("task-app.tunnel.health-check-timeout", this.healthCheckTimeout.toMillis() + "ms");
		all.put("spring.main.web-application-type", "reactive");
		all.put("spring.main.banner-mode", "off");
		return all;
	}

}
