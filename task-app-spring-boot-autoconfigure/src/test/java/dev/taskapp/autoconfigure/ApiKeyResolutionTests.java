package dev.taskapp.autoconfigure;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.web.TaskAppApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * How {@link TaskAppAutoConfiguration} resolves the API key: never a fixed key by accident.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyResolutionTests {

	private static final String LONG_KEY = "k3y-of-at-least-16-chars";

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskAppAutoConfiguration.class))
		.withUserConfiguration(TaskAppConfiguration.class);

	@Test
	void anUnresolvedPlaceholderIsRefusedAtStartWithAnAnalysisThatSaysHowToSetAKey() {
		this.contextRunner.withPropertyValues("task-app.api-key=${ENVIRONMENT_API_KEY}").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(UnresolvedApiKeyException.class);
			FailureAnalysis analysis = new UnresolvedApiKeyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("task-app.api-key")
				.contains("unresolved placeholder ${ENVIRONMENT_API_KEY}");
			assertThat(analysis.getAction()).contains("Set the ENVIRONMENT_API_KEY environment variable")
				.contains("${ENVIRONMENT_API_KEY:}");
		});
	}

	@Test
	void aPlaceholderWithinOtherTextIsRefusedToo() {
		this.contextRunner.withPropertyValues("task-app.api-key=prefix-${MY_KEY}-suffix")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(UnresolvedApiKeyException.class)
				.hasMessageContaining("${MY_KEY}"));
	}

	@Test
	void anUnresolvedPlaceholderInAnAliasIsRefused() {
		this.contextRunner.withPropertyValues("task-app.api-key=" + LONG_KEY, "task-app.api-key-aliases=${ALIAS}")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(UnresolvedApiKeyException.class)
				.hasMessageStartingWith("task-app.api-key-aliases"));
	}

	@Test
	void aPlaceholderWithAnEmptyDefaultMintsAKey() {
		this.contextRunner.withPropertyValues("task-app.api-key=${ENVIRONMENT_API_KEY:}").run((context) -> {
			TaskAppApiKeys keys = context.getBean(TaskAppApiKeys.class);
			assertThat(keys.minted()).isTrue();
			assertThat(keys.all()).singleElement().asString().startsWith("env_").hasSize(36);
		});
	}

	@Test
	void aBlankKeyCountsAsNoKeyAndIsNeverAccepted() {
		this.contextRunner.withPropertyValues("task-app.api-key=   ", "ENVIRONMENT_API_KEY= ",
				"task-app.api-key-aliases= , ")
			.run((context) -> {
				TaskAppApiKeys keys = context.getBean(TaskAppApiKeys.class);
				assertThat(keys.minted()).isTrue();
				assertThat(keys.all()).singleElement().asString().startsWith("env_");
			});
	}

	@Test
	void aKeyShorterThan16CharactersIsAcceptedWithAWarningThatNeverShowsIt(CapturedOutput output) {
		this.contextRunner.withPropertyValues("task-app.api-key=Shortkey123", "task-app.api-key-aliases=" + LONG_KEY
				+ ",Alias77")
			.run((context) -> {
				assertThat(context.getBean(TaskAppApiKeys.class).primary()).isEqualTo("Shortkey123");
				assertThat(output).contains("WARN")
					.contains("Task-app API keys shorter than 16 characters are easy to guess: the primary key, alias 2")
					.doesNotContain("Shortkey123")
					.doesNotContain("Alias77");
			});
	}

	@Test
	void keysOf16CharactersOrMoreGetNoWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues("task-app.api-key=" + LONG_KEY)
			.run((context) -> assertThat(output).doesNotContain("shorter than"));
	}

	@Test
	void inLocalModeAMintedKeyComesWithOneLineNamingTheVariableForAKnownKey(CapturedOutput output) {
		this.contextRunner.withPropertyValues("task-app.tunnel.mode=local").run((context) -> {
			String key = context.getBean(TaskAppApiKeys.class).primary();
			assertThat(output).containsOnlyOnce("to call this app with curl, set ENVIRONMENT_API_KEY to a key")
				.doesNotContain(key)
				.doesNotContain(key.substring(4, 12));
		});
	}

	@Test
	void inATunnelModeTheMintedKeyIsNeitherShownNorAdvertisedForCurl(CapturedOutput output) {
		this.contextRunner.withPropertyValues("task-app.tunnel.mode=quick").run((context) -> {
			String key = context.getBean(TaskAppApiKeys.class).primary();
			assertThat(output).contains("minted a random key for this run")
				.doesNotContain("with curl")
				.doesNotContain(key.substring(4, 12));
		});
	}

	@Test
	void aRealApplicationPrintsTheFailureAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplicationBuilder(FailingApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "task-app.api-key=${ENVIRONMENT_API_KEY}", "spring.main.banner-mode=off")
			.build();
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The task app refused its API key: task-app.api-key is the unresolved placeholder"
					+ " ${ENVIRONMENT_API_KEY}")
			.contains("Set the ENVIRONMENT_API_KEY environment variable to a key of at least 16 characters");
	}

	@Configuration(proxyBeanMethods = false)
	static class TaskAppConfiguration {

		@Bean
		TaskAppConfig taskAppConfig() {
			return ScriptedTaskApp.reactive();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FailingApplication {

		@Bean
		TaskAppConfig taskAppConfig() {
			return ScriptedTaskApp.reactive();
		}

	}

}
