package dev.taskapp.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches in an application context that runs an embedded web server: only there is a local
 * port to make reachable.
 */
class OnWebServerContextCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (context.getResourceLoader() instanceof WebServerApplicationContext) {
			return ConditionOutcome.match("the application context runs an embedded web server");
		}
		return ConditionOutcome.noMatch("the application context runs no embedded web server");
	}

}
