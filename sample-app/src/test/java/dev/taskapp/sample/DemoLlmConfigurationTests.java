package dev.taskapp.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DemoLlmConfiguration} and the new {@link SampleProperties} settings.
 */
class DemoLlmConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(Banking77TaskApp.class, DemoLlmConfiguration.class);

	@Test
	void demoLlmIsServedWhenNoInferenceUrlIsConfigured() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(KeywordBaselinePolicy.class)
			.hasBean("demoLlmRoutes"));
		this.contextRunner.withPropertyValues("sample.llm.inference-url= ")
			.run((context) -> assertThat(context).hasSingleBean(KeywordBaselinePolicy.class));
	}

	@Test
	void configuredInferenceUrlReplacesTheDemoLlm() {
		this.contextRunner.withPropertyValues("sample.llm.inference-url=https://api.openai.com/v1")
			.run((context) -> assertThat(context).doesNotHaveBean(KeywordBaselinePolicy.class)
				.doesNotHaveBean("demoLlmRoutes"));
	}

	@Test
	void selfEvaluationAndJobSettingsHaveTheirDefaults() {
		this.contextRunner.run((context) -> {
			SampleProperties properties = context.getBean(SampleProperties.class);
			assertThat(properties.llm().hasInferenceUrl()).isFalse();
			assertThat(properties.selfEvaluation()).isEqualTo(
					new SampleProperties.SelfEvaluation(true, 24, "test", 4, Duration.ofSeconds(60)));
			assertThat(properties.job()).isEqualTo(new SampleProperties.Job(true, "classpath:banking77-gepa.toml", null,
					null, Duration.ofSeconds(10), Duration.ofHours(1), "classpath:banking77-gepa-v2.toml",
					SampleProperties.OnUrlChange.CANCEL, Duration.ofSeconds(30)));
		});
	}

	@Test
	void nonPositiveSeedCountIsRejected() {
		this.contextRunner.withPropertyValues("sample.self-evaluation.seeds=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("sample.self-evaluation.seeds must be positive"));
	}

	@Test
	void nonPositiveLockRetryIntervalIsRejected() {
		this.contextRunner.withPropertyValues("sample.job.lock-retry-interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("sample.job.lock-retry-interval must be positive"));
	}

}
