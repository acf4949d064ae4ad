package dev.taskapp.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Finds the best prompt and score of a job where the Synth backend reports them, following the
 * SDK's {@code PromptLearningResult.from_response}
 * ({@code synth_ai/sdk/api/train/prompt_learning.py}) for the status answer and
 * {@code PromptLearningClient.get_prompts} ({@code synth_ai/sdk/learning/prompt_learning_client.py})
 * for the events: {@code prompt.learning.best.prompt} carries {@code best_prompt} and
 * {@code best_score}; {@code prompt.learning.final.results} fills what is still missing;
 * {@code prompt.learning.gepa.complete} and {@code mipro.job.completed} may carry the score;
 * the rank-1 {@code prompt.learning.top.prompt.content} is the last resort for the prompt.
 * A prompt is plain text, or a template whose {@code sections} (or {@code prompt_sections},
 * {@code messages}, {@code data.sections}) hold {@code role}, {@code name} and
 * {@code content} (or {@code pattern}), or {@code text_replacements} with {@code new_text}.
 */
final class BestPrompts {

	static final String BEST_PROMPT_EVENT = "prompt.learning.best.prompt";

	static final String FINAL_RESULTS_EVENT = "prompt.learning.final.results";

	static final String TOP_PROMPT_EVENT = "prompt.learning.top.prompt.content";

	private static final List<String> SCORE_EVENTS = List.of("prompt.learning.gepa.complete", "mipro.job.completed");

	private static final List<String> SECTION_KEYS = List.of("sections", "prompt_sections", "messages");

	private BestPrompts() {
	}

	/**
	 * Returns the best prompt of a status answer: its {@code best_prompt}, else that of its
	 * {@code result} or {@code results} object.
	 * @param status the status answer
	 * @return the prompt, or {@code null}
	 */
	static @Nullable PromptLearningPrompt fromStatus(Map<String, Object> status) {
		PromptLearningPrompt prompt = prompt(status.get("best_prompt"));
		for (String key : List.of("result", "results")) {
			Map<String, Object> nested = BackendAnswers.asMap(status.get(key));
			if (prompt == null && nested != null) {
				prompt = prompt(nested.get("best_prompt"));
			}
		}
		return prompt;
	}

	/**
	 * Returns the best prompt and score the events of a job report.
	 * @param events the job's events, in order
	 * @return what was found; either part may be {@code null}
	 */
	static Found fromEvents(List<PromptLearningJobEvent> events) {
		PromptLearningPrompt prompt = null;
		Double score = null;
		PromptLearningPrompt topPrompt = null;
		for (PromptLearningJobEvent event : events) {
			Map<String, Object> data = event.data();
			if (BEST_PROMPT_EVENT.equals(event.type())) {
				PromptLearningPrompt found = prompt(data.get("best_prompt"));
				prompt = (found != null) ? found : prompt;
				Double foundScore = BackendAnswers.asNumber(data.get("best_score"));
				score = (foundScore != null) ? foundScore : score;
			}
			else if (FINAL_RESULTS_EVENT.equals(event.type())) {
				prompt = (prompt != null) ? prompt : prompt(data.get("best_prompt"));
				score = (score != null) ? score : BackendAnswers.asNumber(data.get("best_score"));
			}
			else if (SCORE_EVENTS.contains(event.type()) && score == null) {
				score = BackendAnswers.asNumber(data.get("best_score"));
				score = (score != null) ? score : BackendAnswers.asNumber(data.get("best_full_score"));
			}
			else if (TOP_PROMPT_EVENT.equals(event.type()) && topPrompt == null
					&& Double.valueOf(1.0).equals(BackendAnswers.asNumber(data.get("rank")))) {
				String fullText = BackendAnswers.asText(data.get("full_text"));
				topPrompt = (fullText != null) ? new PromptLearningPrompt(fullText, sectionsOf(data.get("template")))
						: prompt(data.get("template"));
			}
		}
		return new Found((prompt != null) ? prompt : topPrompt, score);
	}

	/**
	 * Reads a prompt out of a decoded value.
	 * @param value plain text, or a template object
	 * @return the prompt, or {@code null} when the value holds none
	 */
	static @Nullable PromptLearningPrompt prompt(@Nullable Object value) {
		String text = BackendAnswers.asText(value);
		if (text != null) {
			return new PromptLearningPrompt(text, List.of());
		}
		Map<String, Object> template = BackendAnswers.asMap(value);
		if (template == null) {
			return null;
		}
		List<PromptLearningPrompt.Section> sections = sectionsOf(template);
		String fullText = BackendAnswers.asText(template.get("full_text"));
		if (fullText == null) {
			fullText = BackendAnswers.asText(template.get("text"));
		}
		if (fullText != null) {
			return new PromptLearningPrompt(fullText, sections);
		}
		if (!sections.isEmpty()) {
			return new PromptLearningPrompt(render(sections), sections);
		}
		Map<String, Object> data = BackendAnswers.asMap(template.get("data"));
		String replacements = replacements((data != null) ? data.get("text_replacements")
				: template.get("text_replacements"));
		return (replacements != null) ? new PromptLearningPrompt(replacements, List.of()) : null;
	}

	private static List<PromptLearningPrompt.Section> sectionsOf(@Nullable Object value) {
		Map<String, Object> template = BackendAnswers.asMap(value);
		if (template == null) {
			return List.of();
		}
		Object list = null;
		for (String key : SECTION_KEYS) {
			list = (list != null) ? list : template.get(key);
		}
		Map<String, Object> data = BackendAnswers.asMap(template.get("data"));
		if (list == null && data != null) {
			list = data.get("sections");
		}
		List<PromptLearningPrompt.Section> sections = new ArrayList<>();
		if (list instanceof List<?> items) {
			for (Object item : items) {
				Map<String, Object> section = BackendAnswers.asMap(item);
				if (section == null) {
					continue;
				}
				String content = (section.get("content") instanceof String text) ? text
						: (section.get("pattern") instanceof String pattern) ? pattern : null;
				if (content != null) {
					String role = BackendAnswers.asText(section.get("role"));
					sections.add(new PromptLearningPrompt.Section((role != null) ? role : "system",
							BackendAnswers.asText(section.get("name")), content));
				}
			}
		}
		return sections;
	}

	private static String render(List<PromptLearningPrompt.Section> sections) {
		List<String> parts = new ArrayList<>(sections.size());
		for (PromptLearningPrompt.Section section : sections) {
			String heading = (section.name() != null) ? section.role() + " | " + section.name() : section.role();
			parts.add("[" + heading + "]\n" + section.content());
		}
		return String.join("\n\n", parts);
	}

	private static @Nullable String replacements(@Nullable Object value) {
		if (!(value instanceof List<?> items)) {
			return null;
		}
		List<String> parts = new ArrayList<>();
		for (Object item : items) {
			Map<String, Object> replacement = BackendAnswers.asMap(item);
			String newText = (replacement != null) ? BackendAnswers.asText(replacement.get("new_text")) : null;
			if (newText != null) {
				String role = BackendAnswers.asText(replacement.get("apply_to_role"));
				parts.add("[" + ((role != null) ? role : "system") + "]\n" + newText);
			}
		}
		return parts.isEmpty() ? null : String.join("\n\n", parts);
	}

	/**
	 * What the events report.
	 *
	 * @param prompt the best prompt, or {@code null}
	 * @param score the best score, or {@code null}
	 */
	record Found(@Nullable PromptLearningPrompt prompt, @Nullable Double score) {

	}

}
