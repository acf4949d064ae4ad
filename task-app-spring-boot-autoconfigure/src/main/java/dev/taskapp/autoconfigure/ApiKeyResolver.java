package dev.taskapp.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.taskapp.web.TaskAppApiKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Resolves the task-app API keys: {@code task-app.api-key}, else the variables the Synth SDK
 * reads ({@code ENVIRONMENT_API_KEY}, then {@code DEV_ENVIRONMENT_API_KEY}); aliases from
 * {@code task-app.api-key-aliases}, else {@code ENVIRONMENT_API_KEY_ALIASES}. A blank key
 * counts as none; a key that is still an unresolved {@code ${…}} placeholder is refused.
 */
final class ApiKeyResolver {

	static final List<String> KEY_VARIABLES = List.of("ENVIRONMENT_API_KEY", "DEV_ENVIRONMENT_API_KEY",
			"dev_environment_api_key");

	static final String ALIASES_VARIABLE = "ENVIRONMENT_API_KEY_ALIASES";

	/** Keys shorter than this are accepted with a warning. */
	static final int MIN_KEY_LENGTH = 16;

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)[^}]*}");

	private ApiKeyResolver() {
	}

	static TaskAppApiKeys resolve(TaskAppProperties properties, Environment environment) {
		return TaskAppApiKeys.of(primaryKey(properties, environment), aliases(properties, environment));
	}

	/**
	 * Returns the names of the configured keys that are shorter than {@value #MIN_KEY_LENGTH}
	 * characters, such as {@code "the primary key"}; a minted key is never among them.
	 */
	static List<String> shortKeys(TaskAppApiKeys keys) {
		List<String> tooShort = new ArrayList<>();
		if (!keys.minted() && keys.primary().length() < MIN_KEY_LENGTH) {
			tooShort.add("the primary key");
		}
		List<String> aliases = keys.aliases();
		for (int i = 0; i < aliases.size(); i++) {
			if (aliases.get(i).length() < MIN_KEY_LENGTH) {
				tooShort.add("alias " + (i + 1));
			}
		}
		return tooShort;
	}

	private static @Nullable String primaryKey(TaskAppProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.apiKey())) {
			return refusePlaceholder("task-app.api-key", properties.apiKey());
		}
		for (String variable : KEY_VARIABLES) {
			String value = environment.getProperty(variable);
			if (StringUtils.hasText(value)) {
				return refusePlaceholder(variable, value);
			}
		}
		return null;
	}

	private static List<String> aliases(TaskAppProperties properties, Environment environment) {
		List<String> aliases;
		String source;
		if (properties.apiKeyAliases() != null) {
			aliases = properties.apiKeyAliases();
			source = "task-app.api-key-aliases";
		}
		else {
			String value = environment.getProperty(ALIASES_VARIABLE);
			aliases = StringUtils.hasText(value) ? Arrays.stream(value.split(",")).map(String::trim).toList()
					: List.of();
			source = ALIASES_VARIABLE;
		}
		aliases.forEach((alias) -> refusePlaceholder(source, alias));
		return aliases;
	}

	private static @Nullable String refusePlaceholder(String source, @Nullable String key) {
		if (key != null) {
			Matcher placeholder = PLACEHOLDER.matcher(key);
			if (placeholder.find()) {
				throw new UnresolvedApiKeyException(source, placeholder.group(1).trim());
			}
		}
		return key;
	}

}
