package dev.taskapp.sample;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import dev.taskapp.tunnel.TaskAppUrl;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of what the sample's jobs share through {@link AbstractSampleJob}: a configuration
 * that cannot be read fails the submission with its location, and progress lines show the
 * elapsed time as minutes and seconds.
 */
class AbstractSampleJobTests {

	private static final String MISSING = "classpath:no-such-config.toml";

	private final TaskAppUrl taskAppUrl = new TaskAppUrl(List.of("env_sample_job_0123456789"));

	private final SampleProperties.Job settings = new SampleProperties.Job(true, MISSING, null, null,
			Duration.ofMillis(20), Duration.ofSeconds(10), MISSING, SampleProperties.OnUrlChange.CANCEL,
			Duration.ofSeconds(30));

	@Test
	void unreadableJobConfigurationFailsThePromptLearningSubmissionNamingIt() {
		assertSubmissionFails(new PromptLearningSampleJob(this.taskAppUrl, this.settings, "sk_synth_0123456789",
				"http://127.0.0.1:9", new DefaultResourceLoader()), "Cannot read the job configuration " + MISSING);
	}

	@Test
	void unreadableRunConfigurationFailsTheOptimizerSubmissionNamingIt() {
		assertSubmissionFails(new HostedOptimizerSampleJob(this.taskAppUrl, this.settings, "sk_synth_0123456789",
				"http://127.0.0.1:9", new DefaultResourceLoader()), "Cannot read the run configuration " + MISSING);
	}

	@Test
	void elapsedTimeIsShownAsMinutesAndSeconds() {
		long startedEarlier = System.nanoTime() - Duration.ofSeconds(75).plusMillis(200).toNanos();
		assertThat(AbstractSampleJob.elapsedSince(startedEarlier)).isEqualTo("[01:15]");
	}

	private static void assertSubmissionFails(SampleJob job, String message) {
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> job.submit("http://127.0.0.1:8000").block(Duration.ofSeconds(10)))
			.withMessage(message);
	}

}
