package dev.taskapp.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PromptLearningJobConfig}.
 */
class PromptLearningJobConfigTests {

	private static final String TOML = """
			[prompt_learning]
			algorithm = "GEPA"
			task_app_url = "http://127.0.0.1:8001"

			[prompt_learning.policy]
			model = "gpt-4o-mini"
			temperature = 0.0

			[[prompt_learning.initial_prompt.messages]]
			role = "system"
			pattern = "Classify the query."

			[[prompt_learning.initial_prompt.messages]]
			role = "user"
			pattern = "{query}"

			[prompt_learning.gepa.rollout]
			budget = 100
			""";

	@TempDir
	Path directory;

	@Test
	void tomlFileIsReadIntoNestedTables() throws Exception {
		Path file = this.directory.resolve("job.toml");
		Files.writeString(file, TOML);
		PromptLearningJobConfig config = PromptLearningJobConfig.load(file);
		Map<String, Object> body = config.configBody();
		assertThat(DotPath.get(body, "prompt_learning.policy.model")).isEqualTo("gpt-4o-mini");
		assertThat(DotPath.get(body, "prompt_learning.gepa.rollout.budget")).isEqualTo(100);
		assertThat((List<?>) DotPath.get(body, "prompt_learning.initial_prompt.messages")).hasSize(2);
		assertThat(config.algorithm()).isEqualTo("gepa");
		assertThat(config.taskAppUrl()).isEqualTo("http://127.0.0.1:8001");
		assertThat(config.source()).isEqualTo(file.toString());
	}

	@Test
	void classPathStyleStreamIsReadToo() {
		PromptLearningJobConfig config = PromptLearningJobConfig
			.load(new ByteArrayInputStream(TOML.getBytes(StandardCharsets.UTF_8)), "classpath:job.toml");
		assertThat(config.taskAppUrl()).isEqualTo("http://127.0.0.1:8001");
	}

	@Test
	void overridesAreMergedByDotPathLeavingTheOriginalAsItWas() {
		PromptLearningJobConfig original = PromptLearningJobConfig.parse(TOML, "job.toml");
		PromptLearningJobConfig overridden = original.withTaskAppUrl("https://abc.trycloudflare.com")
			.withTaskAppApiKey("env_key_0123456789")
			.withOverride("prompt_learning.gepa.rollout.budget", 10)
			.withOverride("prompt_learning.gepa.population.initial_size", 4)
			.withOverride("task_app_url", "https://abc.trycloudflare.com");
		Map<String, Object> body = overridden.configBody();
		assertThat(DotPath.get(body, "prompt_learning.task_app_url")).isEqualTo("https://abc.trycloudflare.com");
		assertThat(DotPath.get(body, "prompt_learning.task_app_api_key")).isEqualTo("env_key_0123456789");
		assertThat(DotPath.get(body, "prompt_learning.gepa.rollout.budget")).isEqualTo(10);
		assertThat(DotPath.get(body, "prompt_learning.gepa.population.initial_size")).isEqualTo(4);
		assertThat(DotPath.get(body, "prompt_learning.policy.model")).isEqualTo("gpt-4o-mini");
		assertThat(body).containsEntry("task_app_url", "https://abc.trycloudflare.com");
		assertThat(overridden.overrides()).containsOnlyKeys("prompt_learning.task_app_url",
				"prompt_learning.task_app_api_key", "prompt_learning.gepa.rollout.budget",
				"prompt_learning.gepa.population.initial_size", "task_app_url");
		assertThat(original.overrides()).isEmpty();
		assertThat(DotPath.get(original.configBody(), "prompt_learning.gepa.rollout.budget")).isEqualTo(100);
	}

	@Test
	void laterOverrideOfTheSamePathWins() {
		PromptLearningJobConfig config = PromptLearningJobConfig.parse(TOML, "job.toml")
			.withOverride("prompt_learning.policy.model", "a")
			.withOverride("prompt_learning.policy.model", "b");
		assertThat(config.overrides()).containsExactly(Map.entry("prompt_learning.policy.model", "b"));
		assertThat(DotPath.get(config.configBody(), "prompt_learning.policy.model")).isEqualTo("b");
	}

	@Test
	void overrideThroughAValueIsRejected() {
		PromptLearningJobConfig config = PromptLearningJobConfig.parse(TOML, "job.toml");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> config.withOverride("prompt_learning.policy.model.name", "x"))
			.withMessageContaining("'prompt_learning.policy.model' is not a table");
		assertThatIllegalArgumentException().isThrownBy(() -> config.withOverride("prompt_learning..model", "x"))
			.withMessageContaining("empty segment");
	}

	@Test
	void documentWithoutPromptLearningTableIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PromptLearningJobConfig.parse("[rl]\nmodel = \"x\"\n", "rl.toml"))
			.withMessageContaining("rl.toml must have a [prompt_learning] table");
	}

	@Test
	void invalidTomlIsReportedWithItsName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PromptLearningJobConfig.parse("[prompt_learning\nalgorithm = ", "broken.toml"))
			.withMessageStartingWith("broken.toml is not valid TOML");
	}

	@Test
	void missingFileIsReported() {
		Path missing = this.directory.resolve("missing.toml");
		assertThatIllegalArgumentException().isThrownBy(() -> PromptLearningJobConfig.load(missing))
			.withMessage("Config file not found: " + missing);
	}

	@Test
	void programmaticConfigIsCopied() {
		Map<String, Object> promptLearning = new HashMap<>(Map.of("algorithm", "mipro"));
		PromptLearningJobConfig config = PromptLearningJobConfig.of(Map.of("prompt_learning", promptLearning));
		promptLearning.put("algorithm", "changed");
		assertThat(config.algorithm()).isEqualTo("mipro");
		assertThat(config.taskAppUrl()).isNull();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> config.configBody().put("x", "y"));
	}

	@Test
	void toStringNamesOverriddenPathsButNoValues() {
		PromptLearningJobConfig config = PromptLearningJobConfig.parse(TOML, "job.toml")
			.withTaskAppApiKey("env_secret_0123456789")
			.withTaskAppWorkerToken("wt_secret_0123456789");
		assertThat(config.toString()).contains("prompt_learning.task_app_api_key")
			.contains("workerToken=******")
			.doesNotContain("env_secret")
			.doesNotContain("wt_secret");
	}

}
