package dev.taskapp.client;

import java.util.ArrayList;
import java.util.List;

import dev.taskapp.client.JobSubmissionLock.RecordedJob;
import dev.taskapp.tracing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests of {@link PostgresJobSubmissionLock} against a real PostgreSQL server: one replica of
 * several acquires the lock of a job; the others defer until it is released; the job its holder
 * records is what the next holder reads.
 */
class PostgresJobSubmissionLockTests {

	private final List<PostgresJobSubmissionLock> locks = new ArrayList<>();

	private TestPostgres postgres;

	private String database;

	@AfterEach
	void release() {
		this.locks.forEach(PostgresJobSubmissionLock::release);
	}

	@Test
	void oneReplicaOfThreeAcquiresTheJobLock() throws Exception {
		List<Boolean> acquired = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			acquired.add(lock().tryAcquire("banking77-gepa.toml"));
		}
		assertThat(acquired).containsExactly(true, false, false);
	}

	@Test
	void releasedLockCanBeAcquiredByAnotherReplica() throws Exception {
		PostgresJobSubmissionLock first = lock();
		PostgresJobSubmissionLock second = lock();
		assertThat(first.tryAcquire("job")).isTrue();
		assertThat(second.tryAcquire("job")).isFalse();
		first.release();
		assertThat(second.tryAcquire("job")).isTrue();
	}

	@Test
	void holderAcquiresAgainAndOtherJobsHaveTheirOwnLock() throws Exception {
		PostgresJobSubmissionLock first = lock();
		PostgresJobSubmissionLock second = lock();
		assertThat(first.tryAcquire("job-a")).isTrue();
		assertThat(first.tryAcquire("job-a")).isTrue();
		assertThat(second.tryAcquire("job-b")).isTrue();
	}

	@Test
	void jobRecordedByTheHolderIsReadByTheNextHolder() throws Exception {
		PostgresJobSubmissionLock first = lock();
		PostgresJobSubmissionLock second = lock();
		assertThat(first.tryAcquire("job")).isTrue();
		assertThat(first.recordedJob("job")).isNull();
		first.recordSubmitted("job", "pl_1", "https://task-app.example.com");
		first.release();
		assertThat(second.tryAcquire("job")).isTrue();
		assertThat(second.recordedJob("job")).isEqualTo(new RecordedJob("pl_1", "https://task-app.example.com", false));
		second.recordEnded("job", "pl_1");
		assertThat(second.recordedJob("job")).isEqualTo(new RecordedJob("pl_1", "https://task-app.example.com", true));
		second.recordSubmitted("job", "pl_2", "https://elsewhere.example.com");
		assertThat(second.recordedJob("job"))
			.isEqualTo(new RecordedJob("pl_2", "https://elsewhere.example.com", false));
		assertThat(second.recordedJob("other-job")).isNull();
		assertThat(second.sharedByReplicas()).isTrue();
	}

	@Test
	void onlyTheHolderRecordsTheJob() throws Exception {
		PostgresJobSubmissionLock holder = lock();
		PostgresJobSubmissionLock other = lock();
		assertThat(holder.tryAcquire("job")).isTrue();
		assertThat(other.tryAcquire("job")).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> other.recordSubmitted("job", "pl_1", "https://x.example.com"))
			.withMessageContaining("without holding the job submission lock");
	}

	@Test
	void unreachableDatabaseFailsWithoutShowingThePassword() {
		PostgresJobSubmissionLock lock = new PostgresJobSubmissionLock("jdbc:postgresql://127.0.0.1:1/none", "app",
				"s3cret-password");
		assertThatIllegalStateException().isThrownBy(() -> lock.tryAcquire("job"))
			.withMessageContaining("job submission lock")
			.withMessageNotContaining("s3cret-password");
		assertThat(lock.toString()).doesNotContain("s3cret-password");
	}

	private PostgresJobSubmissionLock lock() throws Exception {
		if (this.postgres == null) {
			this.postgres = TestPostgres.require();
			this.database = this.postgres.createDatabase();
		}
		PostgresJobSubmissionLock lock = new PostgresJobSubmissionLock(this.database, this.postgres.user(),
				this.postgres.password());
		this.locks.add(lock);
		return lock;
	}

}
