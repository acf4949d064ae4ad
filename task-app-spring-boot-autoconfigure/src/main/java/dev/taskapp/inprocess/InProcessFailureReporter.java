package dev.taskapp.inprocess;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Keeps Spring Boot from reporting the failed start of an {@link InProcessTaskApp}: the
 * {@link TaskAppStartException} that {@link InProcessTaskApp#start()} throws explains it in
 * the builder's terms, so the failure is told once. Other applications are reported as usual.
 */
class InProcessFailureReporter implements SpringBootExceptionReporter, Ordered {

	private final @Nullable ConfigurableApplicationContext context;

	InProcessFailureReporter(@Nullable ConfigurableApplicationContext context) {
		this.context = context;
	}

	@Override
	public boolean reportException(Throwable failure) {
		return this.context != null
				&& this.context.getEnvironment().getPropertySources().contains(TaskAppLauncher.PROPERTY_SOURCE_NAME);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
