package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;

import dev.taskapp.client.JobSubmissionLock;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrlReadyEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link JobSubmitter}'s use of the {@link JobSubmissionLock}: a replica that does not get
 * the lock defers to the one that does, and a stopping submitter releases it.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobSubmissionLockTests {

	private final TaskAppUrl taskAppUrl = new TaskAppUrl(List.of("env_job_lock_0123456789"));

	private final SampleProperties.Job settings = new SampleProperties.Job(true, "classpath:banking77-gepa.toml",
			null, null, Duration.ofMillis(20), Duration.ofSeconds(10), "classpath:banking77-gepa-v2.toml",
			SampleProperties.OnUrlChange.CANCEL);

	@Test
	void replicaWithoutTheLockDefersAndSubmitsNothing(CapturedOutput output) {
		RecordingLock lock = new RecordingLock(false);
		JobSubmitter submitter = new JobSubmitter(this.taskAppUrl, this.settings, "sk_synth_0123456789",
				"http://127.0.0.1:1", new DefaultResourceLoader());
		submitter.useLock(lock);
		submitter.onApplicationEvent(new TaskAppUrlReadyEvent(this, this.taskAppUrl));
		assertThat(lock.asked).isEqualTo("classpath:banking77-gepa.toml");
		assertThat(output.getOut()).contains("Another replica of this deployment submits the prompt-learning job")
			.doesNotContain("Submitted prompt-learning job");
		assertThat(submitter.result()).isNull();
	}

	@Test
	void stoppingSubmitterReleasesTheLock() {
		RecordingLock lock = new RecordingLock(true);
		JobSubmitter submitter = new JobSubmitter(this.taskAppUrl, this.settings, null, "http://127.0.0.1:1",
				new DefaultResourceLoader());
		submitter.useLock(lock);
		submitter.destroy();
		assertThat(lock.released).isTrue();
	}

	private static final class RecordingLock implements JobSubmissionLock {

		private final boolean granted;

		private String asked;

		private boolean released;

		RecordingLock(boolean granted) {
			this.granted = granted;
		}

		@Override
		public boolean tryAcquire(String jobName) {
			this.asked = jobName;
			return this.granted;
		}

		@Override
		public void release() {
			this.released = true;
		}

	}

}
