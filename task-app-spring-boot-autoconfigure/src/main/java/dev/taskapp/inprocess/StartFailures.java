package dev.taskapp.inprocess;

import dev.taskapp.tunnel.TunnelFailureAdvice;
import dev.taskapp.tunnel.TunnelStartException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.NestedExceptionUtils;

/**
 * Turns the failure of an application start into a {@link TaskAppStartException} that says
 * what failed in the terms of the {@link InProcessTaskApp} builder, and what to change.
 */
final class StartFailures {

	private static final int PORTS_TRIED = 100;

	private StartFailures() {
	}

	static TaskAppStartException explain(Throwable failure, InProcessTaskAppOptions options) {
		PortInUseException portInUse = find(failure, PortInUseException.class);
		if (portInUse != null) {
			return new TaskAppStartException(portInUse(portInUse.getPort(), options), failure);
		}
		TunnelStartException tunnel = find(failure, TunnelStartException.class);
		if (tunnel != null) {
			return new TaskAppStartException("The task app could not be made reachable: " + tunnel.getMessage() + ". "
					+ InProcessAdvice.of(TunnelFailureAdvice.actionFor(tunnel)), failure);
		}
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		return new TaskAppStartException(
				"The task app of " + options.source().describe() + " could not start: " + describe(cause), failure);
	}

	private static String portInUse(int port, InProcessTaskAppOptions options) {
		if (options.autoFindPort()) {
			return "Could not find an available port starting from " + options.port() + " (tried " + PORTS_TRIED
					+ " ports)";
		}
		return "Port " + port + " is in use. Set autoFindPort(true) to automatically find an available port. "
				+ new PortHolders().describe(port);
	}

	private static String describe(Throwable cause) {
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

}
