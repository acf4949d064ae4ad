package dev.taskapp.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when rollout traces are written somewhere: {@code task-app.tracing.enabled} (or
 * {@code TASKAPP_TRACING_ENABLED}) is true, or an SFT output directory is configured.
 */
class OnTracingOutputCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		TracingSettings settings = TracingSettings.resolve(environment);
		if (settings.active()) {
			return ConditionOutcome.match("rollout traces are written"
					+ (settings.storeEnabled() ? " to the trace store" : "")
					+ ((settings.sftOutputDir() != null) ? " as SFT JSONL" : ""));
		}
		return ConditionOutcome.noMatch("task-app.tracing.enabled is off and no SFT output directory is configured");
	}

}
