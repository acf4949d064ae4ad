package dev.taskapp.config;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One message of a {@link PromptProgram}: its role and template, and, when an optimiser may
 * rewrite it, the candidate field that carries its text.
 *
 * @param moduleId identifier of the module, unique in its program
 * @param role role of the message, such as {@code system} or {@code user}
 * @param content the template; placeholders such as {@code {query}} are filled by the handler
 * @param candidateField the candidate field that replaces the content, or {@code null} when
 * the module is fixed
 * @param templateVariables names of the placeholders the template uses
 */
public record PromptModule(String moduleId, String role, String content, @Nullable String candidateField,
		List<String> templateVariables) {

	/**
	 * Creates a module, checking it.
	 */
	public PromptModule {
		Objects.requireNonNull(moduleId, "moduleId");
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(content, "content");
		if (moduleId.isBlank()) {
			throw new IllegalArgumentException("moduleId must not be blank");
		}
		if (candidateField != null && candidateField.isBlank()) {
			throw new IllegalArgumentException("candidateField must not be blank");
		}
		templateVariables = List.copyOf(templateVariables);
	}

	/**
	 * Returns a module an optimiser may rewrite.
	 * @param moduleId identifier of the module
	 * @param role role of the message
	 * @param candidateField the candidate field that carries its text
	 * @param seedContent the text it starts from
	 * @param templateVariables names of the placeholders the template uses
	 * @return the module
	 */
	public static PromptModule mutable(String moduleId, String role, String candidateField, String seedContent,
			String... templateVariables) {
		return new PromptModule(moduleId, role, seedContent, candidateField, List.of(templateVariables));
	}

	/**
	 * Returns a module no optimiser changes.
	 * @param moduleId identifier of the module
	 * @param role role of the message
	 * @param content the template
	 * @param templateVariables names of the placeholders the template uses
	 * @return the module
	 */
	public static PromptModule fixed(String moduleId, String role, String content, String... templateVariables) {
		return new PromptModule(moduleId, role, content, null, List.of(templateVariables));
	}

	/**
	 * Returns whether an optimiser may rewrite this module.
	 * @return whether the module has a candidate field
	 */
	public boolean mutable() {
		return this.candidateField != null;
	}

}
