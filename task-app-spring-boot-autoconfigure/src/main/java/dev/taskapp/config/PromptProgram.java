package dev.taskapp.config;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The prompt a task app runs, as an optimiser sees it: the messages in order, which of them it
 * may rewrite and under which candidate field, and the text each field starts from.
 *
 * <pre class="code">
 * PromptProgram.of("banking77_classifier", "classification_accuracy",
 *     PromptModule.mutable("classifier_system", "system", "system_prompt", "You classify ..."),
 *     PromptModule.fixed("query", "user", "Customer query: {query}", "query"));
 * </pre>
 *
 * @param programId identifier of the program
 * @param objective what the optimiser maximises, such as {@code classification_accuracy}
 * @param modules the messages, in order
 */
public record PromptProgram(String programId, String objective, List<PromptModule> modules) {

	/**
	 * Creates a program, checking that module ids and candidate fields are unique and that at
	 * least one module is mutable.
	 */
	public PromptProgram {
		Objects.requireNonNull(programId, "programId");
		Objects.requireNonNull(objective, "objective");
		modules = List.copyOf(modules);
		Set<String> ids = new HashSet<>();
		Set<String> fields = new HashSet<>();
		for (PromptModule module : modules) {
			if (!ids.add(module.moduleId())) {
				throw new IllegalArgumentException("Duplicate prompt module id '" + module.moduleId() + "'");
			}
			if (module.candidateField() != null && !fields.add(module.candidateField())) {
				throw new IllegalArgumentException("Duplicate candidate field '" + module.candidateField() + "'");
			}
		}
		if (fields.isEmpty()) {
			throw new IllegalArgumentException("Prompt program '" + programId + "' needs at least one mutable module");
		}
	}

	/**
	 * Returns a program of the given modules.
	 * @param programId identifier of the program
	 * @param objective what the optimiser maximises
	 * @param modules the messages, in order
	 * @return the program
	 */
	public static PromptProgram of(String programId, String objective, PromptModule... modules) {
		return new PromptProgram(programId, objective, List.of(modules));
	}

	/**
	 * Returns the modules an optimiser may rewrite.
	 * @return the mutable modules, in order
	 */
	public List<PromptModule> targetModules() {
		return this.modules.stream().filter(PromptModule::mutable).toList();
	}

	/**
	 * Returns the candidate the optimiser starts from: each candidate field with its module's
	 * content.
	 * @return the seed candidate, in module order
	 */
	public Map<String, String> seedCandidate() {
		Map<String, String> seed = new LinkedHashMap<>();
		for (PromptModule module : targetModules()) {
			seed.put(Objects.requireNonNull(module.candidateField()), module.content());
		}
		return Collections.unmodifiableMap(seed);
	}

	/**
	 * Returns the module that carries a candidate field.
	 * @param candidateField the field
	 * @return the module, or {@code null} when no module carries it
	 */
	public @Nullable PromptModule moduleOf(String candidateField) {
		return this.modules.stream()
			.filter((module) -> candidateField.equals(module.candidateField()))
			.findFirst()
			.orElse(null);
	}

	/**
	 * Returns the messages of the program with a candidate applied: each mutable module takes
	 * the candidate's text for its field, or keeps its seed text when the candidate has none.
	 * @param candidate the candidate, by field
	 * @return the messages, each with {@code role} and {@code content}, in order
	 */
	public List<Map<String, String>> render(Map<String, String> candidate) {
		return this.modules.stream().map((module) -> {
			String content = module.content();
			if (module.candidateField() != null && candidate.get(module.candidateField()) != null) {
				content = candidate.get(module.candidateField());
			}
			return Map.of("role", module.role(), "content", content);
		}).toList();
	}

}
