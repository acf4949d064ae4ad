package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.client.JobSubmissionLock;
import dev.taskapp.client.JobSubmissionLock.RecordedJob;
import dev.taskapp.tunnel.ReadyTaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrlReadyEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@link JobSubmitter}'s use of the {@link JobSubmissionLock}: a replica that does not get
 * the lock defers to the one that does, and a stopping submitter releases it. With a lock the
 * replicas share, the job belongs to the deployment: it is submitted once, left running when
 * its submitter stops, and followed by the next replica that takes the lock.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobSubmissionLockTests {

	private static final String JOBS = "/api/prompt-learning/online/jobs";

	private static final String URL = "https://task-app.example.com";

	private static final WireMockServer backend = new WireMockServer(options().dynamicPort());

	static {
		backend.start();
	}

	private final SharedDatabase database = new SharedDatabase();

	private final TaskAppUrl taskAppUrl = new TaskAppUrl(List.of("env_job_lock_0123456789"));

	private final SampleProperties.Job settings = new SampleProperties.Job(true, "classpath:banking77-gepa.toml",
			null, null, Duration.ofMillis(20), Duration.ofSeconds(10), "classpath:banking77-gepa-v2.toml",
			SampleProperties.OnUrlChange.CANCEL);

	@AfterAll
	static void stopBackend() {
		backend.stop();
	}

	@BeforeEach
	void resetBackend() {
		backend.resetAll();
	}

	@Test
	void deploymentSubmitsOneJobThatOutlivesTheReplicaThatSubmittedIt(CapturedOutput output) {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_shared\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_shared")).willReturn(okJson("{\"status\": \"running\"}")));
		JobSubmitter first = replica();
		JobSubmitter second = replica();
		first.onApplicationEvent(readyEvent());
		second.onApplicationEvent(readyEvent());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.database.recorded != null);
		assertThat(output.getOut()).contains("Another replica of this deployment submits the prompt-learning job");
		first.destroy();
		assertThat(output.getOut()).contains("Leaving prompt-learning job pl_shared running");
		JobSubmitter restarted = replica();
		restarted.onApplicationEvent(readyEvent());
		assertThat(output.getOut()).contains("Following prompt-learning job pl_shared");
		int polledBefore = backend.findAll(getRequestedFor(urlEqualTo(JOBS + "/pl_shared"))).size();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> backend.findAll(getRequestedFor(urlEqualTo(JOBS + "/pl_shared"))).size() > polledBefore + 1);
		restarted.destroy();
		second.destroy();
		backend.verify(1, postRequestedFor(urlEqualTo(JOBS)));
		backend.verify(0, postRequestedFor(urlEqualTo(JOBS + "/pl_shared/cancel")));
	}

	@Test
	void endedJobOfTheDeploymentIsNotSubmittedAgain(CapturedOutput output) {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_once\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_once")).willReturn(okJson("{\"status\": \"succeeded\"}")));
		JobSubmitter first = replica();
		first.onApplicationEvent(readyEvent());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.database.recorded != null && this.database.recorded.ended());
		first.destroy();
		JobSubmitter restarted = replica();
		restarted.onApplicationEvent(readyEvent());
		restarted.destroy();
		backend.verify(1, postRequestedFor(urlEqualTo(JOBS)));
		assertThat(output.getOut()).contains("The prompt-learning job pl_once of this deployment")
			.contains("has ended; no other is submitted");
	}

	@Test
	void jobRecordedForAnotherUrlIsNotFollowed() {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_new\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_new")).willReturn(okJson("{\"status\": \"running\"}")));
		this.database.recorded = new RecordedJob("pl_old", "https://old.example.com", false);
		JobSubmitter replica = replica();
		replica.onApplicationEvent(readyEvent());
		await().atMost(Duration.ofSeconds(10)).until(() -> "pl_new".equals(this.database.recorded.jobId()));
		replica.destroy();
		assertThat(this.database.recorded.taskAppUrl()).isEqualTo(URL);
		backend.verify(0, getRequestedFor(urlEqualTo(JOBS + "/pl_old")));
	}

	private JobSubmitter replica() {
		JobSubmitter submitter = new JobSubmitter(this.taskAppUrl, this.settings, "sk_synth_0123456789",
				backend.baseUrl(), new DefaultResourceLoader());
		submitter.useLock(new SharedLock(this.database));
		return submitter;
	}

	private TaskAppUrlReadyEvent readyEvent() {
		return new TaskAppUrlReadyEvent(this, ReadyTaskAppUrl.of(URL, "env_job_lock_0123456789"));
	}

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

	/**
	 * What the replicas' shared database holds: who holds the job's lock, and the recorded job.
	 */
	private static final class SharedDatabase {

		private @Nullable SharedLock holder;

		private volatile @Nullable RecordedJob recorded;

	}

	/**
	 * One replica's view of a lock in the {@link SharedDatabase}.
	 */
	private static final class SharedLock implements JobSubmissionLock {

		private final SharedDatabase database;

		SharedLock(SharedDatabase database) {
			this.database = database;
		}

		@Override
		public boolean tryAcquire(String jobName) {
			synchronized (this.database) {
				if (this.database.holder == null) {
					this.database.holder = this;
				}
				return this.database.holder == this;
			}
		}

		@Override
		public void release() {
			synchronized (this.database) {
				if (this.database.holder == this) {
					this.database.holder = null;
				}
			}
		}

		@Override
		public boolean sharedByReplicas() {
			return true;
		}

		@Override
		public @Nullable RecordedJob recordedJob(String jobName) {
			return this.database.recorded;
		}

		@Override
		public void recordSubmitted(String jobName, String jobId, String taskAppUrl) {
			assertThat(this.database.holder).isSameAs(this);
			this.database.recorded = new RecordedJob(jobId, taskAppUrl, false);
		}

		@Override
		public void recordEnded(String jobName, String jobId) {
			RecordedJob recorded = this.database.recorded;
			if (recorded != null && recorded.jobId().equals(jobId)) {
				this.database.recorded = new RecordedJob(jobId, recorded.taskAppUrl(), true);
			}
		}

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
