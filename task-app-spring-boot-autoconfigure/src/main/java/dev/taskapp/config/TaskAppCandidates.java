package dev.taskapp.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads the candidate of a task-app-contract request from its {@code policy.config}: the
 * {@code candidate} object, then, for each mutable module of the program, the
 * {@code prompt_template} section named after the module or its field, else the first one of
 * its role.
 */
final class TaskAppCandidates {

	private TaskAppCandidates() {
	}

	static Map<String, String> read(Map<String, Object> policyConfig, @Nullable PromptProgram program) {
		Map<String, String> candidate = new LinkedHashMap<>();
		if (policyConfig.get("candidate") instanceof Map<?, ?> given) {
			given.forEach((field, text) -> {
				if (field instanceof String name && text instanceof String value) {
					candidate.put(name, value);
				}
			});
		}
		if (program != null) {
			List<Map<?, ?>> sections = sections(policyConfig.get("prompt_template"));
			for (PromptModule module : program.targetModules()) {
				String field = module.candidateField();
				if (field != null && !candidate.containsKey(field)) {
					String text = sectionText(sections, module);
					if (text != null) {
						candidate.put(field, text);
					}
				}
			}
		}
		return Collections.unmodifiableMap(candidate);
	}

	private static List<Map<?, ?>> sections(@Nullable Object template) {
		if (!(template instanceof Map<?, ?> templateMap)) {
			return List.of();
		}
		Object sections = (templateMap.get("prompt_sections") != null) ? templateMap.get("prompt_sections")
				: templateMap.get("sections");
		if (!(sections instanceof List<?> list)) {
			return List.of();
		}
		return list.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList();
	}

	private static @Nullable String sectionText(List<Map<?, ?>> sections, PromptModule module) {
		for (Map<?, ?> section : sections) {
			Object name = (section.get("id") != null) ? section.get("id") : section.get("name");
			if (module.moduleId().equals(name) || String.valueOf(module.candidateField()).equals(name)) {
				return content(section);
			}
		}
		for (Map<?, ?> section : sections) {
			if (module.role().equals(section.get("role"))) {
				return content(section);
			}
		}
		return null;
	}

	private static @Nullable String content(Map<?, ?> section) {
		Object content = (section.get("content") != null) ? section.get("content") : section.get("pattern");
		return (content instanceof String text) ? text : null;
	}

}
