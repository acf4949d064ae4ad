package dev.taskapp.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Renders the {@code policy.config.prompt_template} of a rollout request into chat messages,
 * following the contract: sections come from {@code prompt_sections} (else {@code sections}),
 * each {@code {role, content | pattern, order = 0}}; they are sorted by {@code order} (ties keep
 * their position) and every {@code {placeholder}} whose name is a known field is replaced by its
 * value. Unknown placeholders, and braces that do not enclose a plain name (such as JSON
 * examples), are left as they are. Values of {@code prompt_variables} (else {@code variables})
 * serve as further fields; the sample's own fields win over them.
 */
public final class PromptRenderer {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

	private static final Set<String> ROLES = new TreeSet<>(List.of("assistant", "developer", "system", "user"));

	private PromptRenderer() {
	}

	/**
	 * Renders the prompt template of a policy configuration.
	 * @param policyConfig the {@code policy.config} object of a rollout request
	 * @param fields the values of the placeholders, such as {@code query}
	 * @return the messages, or empty when the configuration has no template or the template no
	 * sections
	 * @throws IllegalArgumentException if the template or one of its sections is malformed; the
	 * message says which part and why
	 */
	public static Optional<List<ChatMessage>> render(Map<String, ?> policyConfig, Map<String, String> fields) {
		Object template = policyConfig.get("prompt_template");
		if (template == null) {
			return Optional.empty();
		}
		if (template instanceof String text) {
			return text.isBlank() ? Optional.empty() : Optional.of(List.of(ChatMessage.user(substitute(text, fields))));
		}
		if (!(template instanceof Map<?, ?> templateMap)) {
			throw new IllegalArgumentException("prompt_template must be an object with prompt_sections or sections");
		}
		Object sections = first(templateMap, "prompt_sections", "sections");
		if (sections == null) {
			return Optional.empty();
		}
		if (!(sections instanceof List<?> sectionList)) {
			throw new IllegalArgumentException("prompt_template sections must be an array");
		}
		if (sectionList.isEmpty()) {
			return Optional.empty();
		}
		Map<String, String> values = withVariables(first(templateMap, "prompt_variables", "variables"), fields);
		List<Section> parsed = new ArrayList<>(sectionList.size());
		for (int i = 0; i < sectionList.size(); i++) {
			parsed.add(Section.parse(sectionList.get(i), i));
		}
		parsed.sort(Comparator.comparingLong(Section::order));
		List<ChatMessage> messages = new ArrayList<>(parsed.size());
		for (Section section : parsed) {
			messages.add(new ChatMessage(section.role(), substitute(section.text(), values)));
		}
		return Optional.of(List.copyOf(messages));
	}

	/**
	 * Replaces every {@code {name}} whose name is a key of the given values by its value, in a
	 * single pass: values are never substituted again.
	 * @param text the text
	 * @param values the values by placeholder name
	 * @return the text with the known placeholders replaced
	 */
	public static String substitute(String text, Map<String, String> values) {
		Matcher matcher = PLACEHOLDER.matcher(text);
		StringBuilder result = new StringBuilder(text.length() + 64);
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			matcher.appendReplacement(result, Matcher.quoteReplacement((value != null) ? value : matcher.group()));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	private static Map<String, String> withVariables(@Nullable Object variables, Map<String, String> fields) {
		if (!(variables instanceof Map<?, ?> variableMap) || variableMap.isEmpty()) {
			return fields;
		}
		Map<String, String> values = new LinkedHashMap<>();
		variableMap.forEach((key, value) -> {
			if (key instanceof String name && (value instanceof String || value instanceof Number
					|| value instanceof Boolean)) {
				values.put(name, value.toString());
			}
		});
		values.putAll(fields);
		return values;
	}

	private static @Nullable Object first(Map<?, ?> map, String preferredKey, String otherKey) {
		Object value = map.get(preferredKey);
		return (value != null) ? value : map.get(otherKey);
	}

	private record Section(String role, String text, long order) {

		static Section parse(@Nullable Object candidate, int position) {
			String where = "prompt_template section " + position;
			if (!(candidate instanceof Map<?, ?> section)) {
				throw new IllegalArgumentException(where + " must be an object with role and content");
			}
			if (!(section.get("role") instanceof String role) || !ROLES.contains(role)) {
				throw new IllegalArgumentException(where + " needs a role of " + ROLES);
			}
			Object text = first(section, "content", "pattern");
			if (!(text instanceof String content)) {
				throw new IllegalArgumentException(where + " needs a string content or pattern");
			}
			return new Section(role, content, order(section.get("order"), where));
		}

		private static long order(@Nullable Object order, String where) {
			if (order == null) {
				return 0;
			}
			if (order instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
				return number.longValue();
			}
			if (order instanceof String text) {
				try {
					return Long.parseLong(text.strip());
				}
				catch (NumberFormatException ex) {
					// reported below
				}
			}
			throw new IllegalArgumentException(where + " has an order that is not an integer: " + order);
		}

	}

}
