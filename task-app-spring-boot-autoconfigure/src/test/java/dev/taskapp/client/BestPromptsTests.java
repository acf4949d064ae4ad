package dev.taskapp.client;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BestPrompts} and {@link PromptLearningJobState}.
 */
class BestPromptsTests {

	@Test
	void bestPromptEventWinsOverFinalResults() {
		BestPrompts.Found found = BestPrompts.fromEvents(List.of(
				new PromptLearningJobEvent(1, "prompt.learning.best.prompt", null,
						Map.of("best_prompt", "first", "best_score", 0.7)),
				new PromptLearningJobEvent(2, "prompt.learning.best.prompt", null,
						Map.of("best_prompt", "second", "best_score", 0.9)),
				new PromptLearningJobEvent(3, "prompt.learning.final.results", null,
						Map.of("best_prompt", "final", "best_score", 0.5))));
		assertThat(found.prompt()).isEqualTo(new PromptLearningPrompt("second", List.of()));
		assertThat(found.score()).isEqualTo(0.9);
	}

	@Test
	void completionEventAndTopPromptFillWhatIsMissing() {
		BestPrompts.Found found = BestPrompts.fromEvents(List.of(
				new PromptLearningJobEvent(1, "prompt.learning.top.prompt.content", null,
						Map.of("rank", 2, "full_text", "second best")),
				new PromptLearningJobEvent(2, "prompt.learning.top.prompt.content", null,
						Map.of("rank", 1, "full_text", "[system]\nbest")),
				new PromptLearningJobEvent(3, "prompt.learning.gepa.complete", null, Map.of("best_score", 0.66))));
		assertThat(found.prompt()).isEqualTo(new PromptLearningPrompt("[system]\nbest", List.of()));
		assertThat(found.score()).isEqualTo(0.66);
	}

	@Test
	void textReplacementsAreReadAsText() {
		PromptLearningPrompt prompt = BestPrompts.prompt(Map.of("data", Map.of("text_replacements",
				List.of(Map.of("new_text", "Be precise.", "apply_to_role", "system"), Map.of("new_text", "Q: {query}",
						"apply_to_role", "user")))));
		assertThat(prompt)
			.isEqualTo(new PromptLearningPrompt("[system]\nBe precise.\n\n[user]\nQ: {query}", List.of()));
	}

	@Test
	void statusCanCarryThePromptInItsResult() {
		assertThat(BestPrompts.fromStatus(Map.of("result", Map.of("best_prompt", "from result"))))
			.isEqualTo(new PromptLearningPrompt("from result", List.of()));
		assertThat(BestPrompts.fromStatus(Map.of("status", "succeeded"))).isNull();
	}

	@Test
	void backendStatusStringsMapToStates() {
		assertThat(PromptLearningJobState.of("Completed")).isEqualTo(PromptLearningJobState.SUCCEEDED);
		assertThat(PromptLearningJobState.of("canceled")).isEqualTo(PromptLearningJobState.CANCELLED);
		assertThat(PromptLearningJobState.of("in_progress")).isEqualTo(PromptLearningJobState.RUNNING);
		assertThat(PromptLearningJobState.of("mystery")).isEqualTo(PromptLearningJobState.PENDING);
		assertThat(PromptLearningJobState.of(null)).isEqualTo(PromptLearningJobState.PENDING);
		assertThat(PromptLearningJobState.FAILED.isTerminal()).isTrue();
		assertThat(PromptLearningJobState.QUEUED.isTerminal()).isFalse();
	}

}
