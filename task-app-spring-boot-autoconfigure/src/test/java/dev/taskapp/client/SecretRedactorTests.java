package dev.taskapp.client;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link SecretRedactor}.
 */
class SecretRedactorTests {

	private static final String KEY = "sk_env_0123456789abcdef";

	private final SecretRedactor redactor = new SecretRedactor(List.of(KEY, "abc"));

	@Test
	void everyOccurrenceOfASecretIsMasked() {
		assertThat(this.redactor.redact("key " + KEY + " and again " + KEY + "!"))
			.isEqualTo("key *** and again ***!");
	}

	@Test
	void runsOfSixOrMoreCharactersOfASecretAreMasked() {
		assertThat(this.redactor.redact("got_first15 ['" + KEY.substring(0, 15) + "'], prefix sk_env..."))
			.isEqualTo("got_first15 ['***'], prefix ***...");
	}

	@Test
	void shortSecretsAreMaskedOnlyWhole() {
		assertThat(this.redactor.redact("ab abc abcd")).isEqualTo("ab *** ***d");
	}

	@Test
	void textWithoutSecretsIsUnchanged() {
		assertThat(this.redactor.redact("API key missing or invalid")).isEqualTo("API key missing or invalid");
		assertThat(new SecretRedactor(List.of()).redact(KEY)).isEqualTo(KEY);
	}

	@Test
	void limitIsAppliedAfterRedactionSoNoPrefixOfASecretSurvivesTheCut() {
		String text = "x".repeat(10) + KEY;
		assertThat(this.redactor.redactAndLimit(text, 14)).isEqualTo("xxxxxxxxxx***");
		assertThat(this.redactor.redactAndLimit(text, 12)).isEqualTo("xxxxxxxxxx**");
	}

	@Test
	void limitDoesNotPullUnredactedTextForwardAfterMasking() {
		String text = KEY + KEY + KEY + "tail " + KEY.substring(0, 10);
		assertThat(this.redactor.redactAndLimit(text, 20)).isEqualTo("*********tail ***");
	}

}
