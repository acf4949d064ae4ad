package dev.taskapp.sample;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link VendorKeys}.
 */
class VendorKeysTests {

	private final MockEnvironment environment = new MockEnvironment().withProperty("OPENAI_API_KEY", "sk-openai")
		.withProperty("GROQ_API_KEY", "gsk-groq")
		.withProperty("ENVIRONMENT_API_KEY", "env_task_app_key");

	@Test
	void openAiKeyBelongsOnlyToApiOpenAiCom() {
		assertThat(VendorKeys.keyPropertyFor(URI.create("https://api.openai.com/v1/chat/completions")))
			.isEqualTo("OPENAI_API_KEY");
		assertThat(VendorKeys.keyPropertyFor(URI.create("https://API.OpenAI.com./v1/chat/completions")))
			.isEqualTo("OPENAI_API_KEY");
	}

	@Test
	void groqKeyBelongsOnlyToApiGroqCom() {
		assertThat(VendorKeys.keyPropertyFor(URI.create("https://api.groq.com/openai/v1/chat/completions")))
			.isEqualTo("GROQ_API_KEY");
	}

	@Test
	void lookalikeAndOtherHostsGetNoKey() {
		for (String url : new String[] { "https://api.openai.com.attacker.example/v1/chat/completions",
				"https://attacker.example/api.openai.com/v1/chat/completions",
				"https://attacker.example/v1/chat/completions?host=api.openai.com", "https://openai.com/v1",
				"https://eu.api.openai.com/v1/chat/completions",
				"https://api.usesynth.ai/v1/trial-xyz/chat/completions",
				"http://127.0.0.1:8000/v1/chat/completions", "https://groq.com/v1/chat/completions" }) {
			assertThat(VendorKeys.keyPropertyFor(URI.create(url))).as(url).isNull();
		}
	}

	@Test
	void keyIsNeverSentOverPlainHttp() {
		assertThat(VendorKeys.keyPropertyFor(URI.create("http://api.openai.com/v1/chat/completions"))).isNull();
	}

	@Test
	void authorizationCarriesTheVendorsOwnKey() {
		assertThat(VendorKeys.authorizationFor(URI.create("https://api.openai.com/v1/chat/completions"),
				this.environment))
			.isEqualTo("Bearer sk-openai");
		assertThat(VendorKeys.authorizationFor(URI.create("https://api.groq.com/openai/v1/chat/completions"),
				this.environment))
			.isEqualTo("Bearer gsk-groq");
	}

	@Test
	void otherHostsGetNoAuthorizationAtAll() {
		assertThat(VendorKeys.authorizationFor(URI.create("https://api.usesynth.ai/v1/trial/chat/completions?cid=t"),
				this.environment))
			.isNull();
	}

	@Test
	void missingOrBlankVendorKeyGivesNoAuthorization() {
		URI openAi = URI.create("https://api.openai.com/v1/chat/completions");
		assertThat(VendorKeys.authorizationFor(openAi, new MockEnvironment())).isNull();
		assertThat(VendorKeys.authorizationFor(openAi, new MockEnvironment().withProperty("OPENAI_API_KEY", " ")))
			.isNull();
	}

}
