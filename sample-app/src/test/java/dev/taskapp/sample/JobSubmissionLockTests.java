package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.taskapp.client.JobSubmissionLock;
import dev.taskapp.client.JobSubmissionLock.RecordedJob;
import dev.taskapp.tunnel.ReadyTaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrlReadyEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

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
 * its submitter stops, and followed by the next replica that takes the lock: a deferring replica
 * tries the lock again now and then, a replica started later takes it at once.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobSubmissionLockTests {

	private static final String JOBS = "/api/prompt-learning/online/jobs";

	private static final String URL = "https://task-app.example.com";

	@RegisterExtension
	final WireMockExtension backend = WireMockExtension.newInstance().options(options().dynamicPort()).build();

	private final SharedDatabase database = new SharedDatabase();

	private final TaskAppUrl taskAppUrl = new TaskAppUrl(List.of("env_job_lock_0123456789"));

	private final SampleProperties.Job settings = new SampleProperties.Job(true, "classpath:banking77-gepa.toml",
			null, null, Duration.ofMillis(20), Duration.ofSeconds(10), "classpath:banking77-gepa-v2.toml",
			SampleProperties.OnUrlChange.CANCEL, Duration.ofMillis(50));

	@Test
	void deploymentSubmitsOneJobThatADeferringReplicaTakesOverWhenItsSubmitterStops(CapturedOutput output) {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_shared\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_shared")).willReturn(okJson("{\"status\": \"running\"}")));
		JobSubmitter first = replica();
		JobSubmitter second = replica();
		first.onApplicationEvent(readyEvent());
		second.onApplicationEvent(readyEvent());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.database.recorded != null);
		assertThat(output.getOut()).contains("Another replica of this deployment submits the prompt-learning job")
			.contains("this one defers and tries the job lock again every 50ms");
		first.destroy();
		assertThat(output.getOut()).contains("Leaving prompt-learning job pl_shared running");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().contains("Following prompt-learning job pl_shared"));
		assertThat(output.getOut()).contains("This replica now holds the job lock");
		assertPolledAgain("pl_shared");
		JobSubmitter restarted = replica();
		restarted.onApplicationEvent(readyEvent());
		restarted.destroy();
		second.destroy();
		backend.verify(1, postRequestedFor(urlEqualTo(JOBS)));
		backend.verify(0, postRequestedFor(urlEqualTo(JOBS + "/pl_shared/cancel")));
	}

	@Test
	void replicaStartedAfterTheSubmitterStoppedFollowsTheRecordedJob(CapturedOutput output) {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_restarted\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_restarted")).willReturn(okJson("{\"status\": \"running\"}")));
		JobSubmitter first = replica();
		first.onApplicationEvent(readyEvent());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.database.recorded != null);
		first.destroy();
		JobSubmitter restarted = replica();
		restarted.onApplicationEvent(readyEvent());
		assertThat(output.getOut()).contains("Following prompt-learning job pl_restarted");
		assertPolledAgain("pl_restarted");
		restarted.destroy();
		backend.verify(1, postRequestedFor(urlEqualTo(JOBS)));
		backend.verify(0, postRequestedFor(urlEqualTo(JOBS + "/pl_restarted/cancel")));
	}

	@Test
	void deferringReplicaThatStopsTriesTheLockNoMore() {
		RecordingLock lock = new RecordingLock(false);
		JobSubmitter submitter = new JobSubmitter(this.taskAppUrl, this.settings, "sk_synth_0123456789",
				"http://127.0.0.1:1", new DefaultResourceLoader());
		submitter.useLock(lock);
		submitter.onApplicationEvent(readyEvent());
		await().atMost(Duration.ofSeconds(10)).until(() -> lock.attempts.get() >= 3);
		submitter.destroy();
		Counts.awaitStopsChanging(lock.attempts::get, Duration.ofMillis(500));
	}

	@Test
	void lockThatCannotBeReachedIsTriedAgainAndTheJobTakenOverOnceItCan(CapturedOutput output) {
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_late\"}")));
		backend.stubFor(get(urlEqualTo(JOBS + "/pl_late")).willReturn(okJson("{\"status\": \"running\"}")));
		RecordingLock lock = new RecordingLock(false);
		JobSubmitter submitter = replica();
		submitter.useLock(lock);
		submitter.onApplicationEvent(readyEvent());
		lock.failure = new IllegalStateException("Connection refused");
		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("Could not try the job lock"));
		lock.failure = null;
		lock.granted = true;
		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("Submitted prompt-learning job pl_late"));
		submitter.destroy();
		assertThat(output.getOut()).containsOnlyOnce("Could not try the job lock");
		backend.verify(1, postRequestedFor(urlEqualTo(JOBS)));
	}

	private void assertPolledAgain(String jobId) {
		int polledBefore = backend.findAll(getRequestedFor(urlEqualTo(JOBS + "/" + jobId))).size();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> backend.findAll(getRequestedFor(urlEqualTo(JOBS + "/" + jobId))).size() > polledBefore + 1);
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
		submitter.onApplicationEvent(readyEvent());
		assertThat(lock.asked).isEqualTo("classpath:banking77-gepa.toml");
		assertThat(output.getOut()).contains("Another replica of this deployment submits the prompt-learning job")
			.doesNotContain("Submitted prompt-learning job");
		assertThat(submitter.result()).isNull();
		submitter.destroy();
		assertThat(lock.released).isTrue();
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

		private final AtomicInteger attempts = new AtomicInteger();

		private volatile boolean granted;

		private volatile @Nullable RuntimeException failure;

		private volatile @Nullable String asked;

		private volatile boolean released;

		RecordingLock(boolean granted) {
			this.granted = granted;
		}

		@Override
		public boolean tryAcquire(String jobName) {
			this.attempts.incrementAndGet();
			this.asked = jobName;
			RuntimeException failure = this.failure;
			if (failure != null) {
				throw failure;
			}
			return this.granted;
		}

		@Override
		public void release() {
			this.released = true;
		}

	}

}
