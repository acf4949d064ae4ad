package dev.taskapp.autoconfigure;

import java.util.Arrays;
import java.util.List;

import dev.taskapp.web.TaskAppApiKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Resolves the task-app API keys: {@code task-app.api-key}, else the variables the Synth SDK
 * reads ({@code ENVIRONMENT_API_KEY}, then {@code DEV_ENVIRONMENT_API_KEY}); aliases from
 * {@code task-app.api-key-aliases}, else {@code ENVIRONMENT_API_KEY_ALIASES}.
 */
final class ApiKeyResolver {

	static final List<String> KEY_VARIABLES = List.of("ENVIRONMENT_API_KEY", "DEV_ENVIRONMENT_API_KEY",
			"dev_environment_api_key");

	static final String ALIASES_VARIABLE = "ENVIRONMENT_API_KEY_ALIASES";

	private ApiKeyResolver() {
	}

	static TaskAppApiKeys resolve(TaskAppProperties properties, Environment environment) {
		return TaskAppApiKeys.of(primaryKey(properties, environment), aliases(properties, environment));
	}

	private static @Nullable String primaryKey(TaskAppProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.apiKey())) {
			return properties.apiKey();
		}
		for (String variable : KEY_VARIABLES) {
			String value = environment.getProperty(variable);
			if (StringUtils.hasText(value)) {
				return value;
			}
		}
		return null;
	}

	private static List<String> aliases(TaskAppProperties properties, Environment environment) {
		if (properties.apiKeyAliases() != null) {
			return properties.apiKeyAliases();
		}
		String value = environment.getProperty(ALIASES_VARIABLE);
		return StringUtils.hasText(value) ? Arrays.stream(value.split(",")).map(String::trim).toList() : List.of();
	}

}
