package dev.taskapp.autoconfigure;

import java.util.Locale;

import dev.taskapp.tunnel.TunnelFailureAdvice;
import dev.taskapp.tunnel.TunnelStartException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains why the task app could not be made reachable, and how to fix it.
 */
class TunnelStartFailureAnalyzer extends AbstractFailureAnalyzer<TunnelStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TunnelStartException cause) {
		String description = "The task app could not be made reachable (task-app.tunnel.mode="
				+ cause.getMode().name().toLowerCase(Locale.ROOT) + "): " + cause.getMessage();
		return new FailureAnalysis(description, TunnelFailureAdvice.actionFor(cause), cause);
	}

}
