package dev.taskapp.sample;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code sample.llm.inference-url} is missing or blank: no model endpoint is
 * configured, so the demo keyword classifier stands in for one.
 */
class NoInferenceUrlCondition extends SpringBootCondition {

	static final String PROPERTY = "sample.llm.inference-url";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String url = context.getEnvironment().getProperty(PROPERTY);
		if (url == null || url.isBlank()) {
			return ConditionOutcome.match(PROPERTY + " is not set");
		}
		return ConditionOutcome.noMatch(PROPERTY + " is set");
	}

}
