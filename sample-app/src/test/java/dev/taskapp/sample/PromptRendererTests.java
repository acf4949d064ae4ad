package dev.taskapp.sample;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PromptRenderer}.
 */
class PromptRendererTests {

	private static final Map<String, String> FIELDS = Map.of("query", "Where is my card?", "intents",
			"card_arrival, change_pin");

	private static Map<String, Object> template(String key, List<?> sections) {
		return Map.of("prompt_template", Map.of(key, sections));
	}

	private static List<ChatMessage> render(Map<String, Object> policyConfig) {
		return PromptRenderer.render(policyConfig, FIELDS).orElseThrow();
	}

	@Test
	void promptSectionsAreSortedByOrder() {
		List<Map<String, Object>> sections = List.of(
				Map.of("role", "user", "content", "Query: {query}", "order", 1),
				Map.of("role", "system", "content", "Pick one of {intents}.", "order", 0));
		assertThat(render(template("prompt_sections", sections))).containsExactly(
				ChatMessage.system("Pick one of card_arrival, change_pin."),
				ChatMessage.user("Query: Where is my card?"));
	}

	@Test
	void sectionsKeyIsAcceptedToo() {
		List<Map<String, Object>> sections = List.of(Map.of("role", "user", "content", "{query}"));
		assertThat(render(template("sections", sections))).containsExactly(ChatMessage.user("Where is my card?"));
	}

	@Test
	void promptSectionsWinOverSections() {
		Map<String, Object> config = Map.of("prompt_template",
				Map.of("sections", List.of(Map.of("role", "user", "content", "from sections")), "prompt_sections",
						List.of(Map.of("role", "user", "content", "from prompt_sections"))));
		assertThat(render(config)).containsExactly(ChatMessage.user("from prompt_sections"));
	}

	@Test
	void patternIsAcceptedInsteadOfContent() {
		List<Map<String, Object>> sections = List.of(Map.of("role", "user", "pattern", "Customer query: {query}"));
		assertThat(render(template("sections", sections)))
			.containsExactly(ChatMessage.user("Customer query: Where is my card?"));
	}

	@Test
	void contentWinsOverPattern() {
		List<Map<String, Object>> sections = List
			.of(Map.of("role", "user", "content", "content", "pattern", "pattern"));
		assertThat(render(template("sections", sections))).containsExactly(ChatMessage.user("content"));
	}

	@Test
	void missingOrderIsZeroAndEqualOrdersKeepTheirPosition() {
		List<Map<String, Object>> sections = List.of(Map.of("role", "user", "content", "last", "order", 5),
				Map.of("role", "system", "content", "first"), Map.of("role", "user", "content", "second", "order", 0),
				Map.of("role", "assistant", "content", "before all", "order", -1));
		assertThat(render(template("prompt_sections", sections))).extracting(ChatMessage::content)
			.containsExactly("before all", "first", "second", "last");
	}

	@Test
	void orderGivenAsStringOrWholeFloatIsAccepted() {
		List<Map<String, Object>> sections = List.of(Map.of("role", "user", "content", "b", "order", "2"),
				Map.of("role", "user", "content", "a", "order", 1.0));
		assertThat(render(template("sections", sections))).extracting(ChatMessage::content).containsExactly("a", "b");
	}

	@Test
	void unknownPlaceholdersAndJsonBracesAreLeftAsTheyAre() {
		String text = "Q: {query} / {unknown} / answer as {\"intent\": \"...\"} / {} / { query }";
		assertThat(PromptRenderer.substitute(text, FIELDS))
			.isEqualTo("Q: Where is my card? / {unknown} / answer as {\"intent\": \"...\"} / {} / { query }");
	}

	@Test
	void substitutedValuesAreNotSubstitutedAgain() {
		assertThat(PromptRenderer.substitute("{query}", Map.of("query", "literally {intents} $1 \\", "intents", "x")))
			.isEqualTo("literally {intents} $1 \\");
	}

	@Test
	void templateVariablesFillOtherPlaceholdersButNeverOverrideSampleFields() {
		Map<String, Object> config = Map.of("prompt_template",
				Map.of("prompt_sections", List.of(Map.of("role", "user", "content", "{bank}: {query} ({n})")),
						"prompt_variables", Map.of("bank", "Acme Bank", "query", "overridden?", "n", 3)));
		assertThat(render(config)).containsExactly(ChatMessage.user("Acme Bank: Where is my card? (3)"));
	}

	@Test
	void noTemplateOrNoSectionsRendersNothing() {
		assertThat(PromptRenderer.render(Map.of("model", "gpt-4o-mini"), FIELDS)).isEmpty();
		assertThat(PromptRenderer.render(Map.of("prompt_template", Map.of("id", "t1")), FIELDS)).isEmpty();
		assertThat(PromptRenderer.render(template("sections", List.of()), FIELDS)).isEmpty();
	}

	@Test
	void plainStringTemplateIsOneUserMessage() {
		assertThat(render(Map.of("prompt_template", "Classify: {query}")))
			.containsExactly(ChatMessage.user("Classify: Where is my card?"));
	}

	@Test
	void sectionWithoutValidRoleIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> render(template("sections", List.of(Map.of("content", "no role")))))
			.withMessageContaining("section 0")
			.withMessageContaining("role");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> render(template("sections", List.of(Map.of("role", "tool", "content", "x")))))
			.withMessageContaining("role");
	}

	@Test
	void sectionWithoutTextIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> render(template("sections",
					List.of(Map.of("role", "user", "content", "ok"), Map.of("role", "user", "order", 1)))))
			.withMessageContaining("section 1")
			.withMessageContaining("content or pattern");
	}

	@Test
	void nonIntegerOrderIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> render(
					template("sections", List.of(Map.of("role", "user", "content", "x", "order", 1.5)))))
			.withMessageContaining("order");
	}

	@Test
	void sectionsThatAreNotAnArrayAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> render(Map.of("prompt_template", Map.of("sections", "nope"))))
			.withMessageContaining("array");
	}

}
