package dev.taskapp.client;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@link TaskAppClient.Builder}: URL validation, credentials and {@code toString()}.
 */
class TaskAppClientBuilderTests {

	private static final String KEY = "sk_env_builder_0123456789";

	private static final String ALIAS = "alias_builder_abcdefghij";

	private static final String WORKER_TOKEN = "wt_builder_zyxwvutsrq";

	@Test
	void trailingSlashesAreStrippedFromTheUrl() {
		assertThat(TaskAppClient.builder(" https://x.trycloudflare.com/ ").build().getBaseUrl())
			.isEqualTo("https://x.trycloudflare.com");
		assertThat(TaskAppClient.builder("http://127.0.0.1:8001/s/rt_abc//").build().getBaseUrl())
			.isEqualTo("http://127.0.0.1:8001/s/rt_abc");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://x.example.com", "localhost:8080", "x.trycloudflare.com", "http://",
			"https:///path", "http://exa mple.com", "http://x.example.com/?a=1", "http://x.example.com/#top" })
	void builderRejectsUrlsThatAreNotHttpWithAHost(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskAppClient.builder(url))
			.withMessageStartingWith("Invalid task app URL '" + url + "'");
	}

	@Test
	void builderRejectsAMissingUrl() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskAppClient.builder("  "))
			.withMessage("Task app URL is required");
	}

	@Test
	void builderRejectsUserInfoWithoutNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskAppClient.builder("https://me:hunter2@x.example.com"))
			.withMessageContaining("'https://***@x.example.com'")
			.withMessageNotContaining("hunter2");
	}

	@Test
	void builderRejectsCredentialsThatCannotBeSentWithoutNamingThem() {
		TaskAppClient.Builder builder = TaskAppClient.builder("https://x.example.com");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.apiKey("sk_env_a,sk_env_b"))
			.withMessageNotContaining("sk_env");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.apiKeyAliases(List.of("ok_alias", "bad\nalias")))
			.withMessageNotContaining("alias\n");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.workerToken("wt bad"))
			.withMessageNotContaining("wt bad");
	}

	@Test
	void builderRejectsTimeoutsThatAreNotPositive() {
		TaskAppClient.Builder builder = TaskAppClient.builder("https://x.example.com");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.timeout(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.rolloutTimeout(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.maxRetries(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.retryBackoff(Duration.ofMillis(-1)));
	}

	@Test
	void toStringOfClientAndBuilderHasNoSecret() {
		TaskAppClient.Builder builder = TaskAppClient.builder("https://x.example.com")
			.apiKey(KEY)
			.apiKeyAliases(List.of(ALIAS))
			.workerToken(WORKER_TOKEN);
		TaskAppClient client = builder.build();
		for (String text : List.of(builder.toString(), client.toString())) {
			assertThat(text).contains("https://x.example.com", "apiKey=******", "apiKeyAliases=1", "workerToken=******");
			for (String secret : List.of(KEY, ALIAS, WORKER_TOKEN)) {
				assertThat(text).doesNotContain(secret.substring(0, 6));
			}
		}
	}

	@Test
	void toStringSaysWhichCredentialsAreUnset() {
		assertThat(TaskAppClient.builder("https://x.example.com").build())
			.hasToString("TaskAppClient[baseUrl=https://x.example.com, apiKey=unset, apiKeyAliases=0, "
					+ "workerToken=unset, timeout=PT10S, rolloutTimeout=PT10M]");
	}

}
