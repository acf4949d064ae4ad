package dev.taskapp.client;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A prompt a prompt-learning job found, as its result reports it: the text and, when the
 * backend sent a template, its sections.
 *
 * @param text the whole prompt as text; for a template, its sections in the form the SDK's
 * {@code PromptLearningClient} renders them ({@code [role | name]} then the content, sections
 * separated by a blank line)
 * @param sections the template's sections, empty when the backend sent plain text
 */
public record PromptLearningPrompt(String text, List<Section> sections) {

	/**
	 * Creates a prompt.
	 */
	public PromptLearningPrompt {
		sections = List.copyOf(sections);
	}

	/**
	 * One message of a prompt template.
	 *
	 * @param role the chat role, such as {@code system}
	 * @param name the section's name, or {@code null}
	 * @param content the text, possibly with placeholders such as {@code {query}}
	 */
	public record Section(String role, @Nullable String name, String content) {

	}

}
