package dev.taskapp.inprocess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobCancellation}.
 */
class JobCancellationTests {

	private final List<Thread> hooks = new ArrayList<>();

	private final JobCancellation.ShutdownHooks recorder = new JobCancellation.ShutdownHooks() {

		@Override
		public void add(Thread hook) {
			JobCancellationTests.this.hooks.add(hook);
		}

		@Override
		public void remove(Thread hook) {
			JobCancellationTests.this.hooks.remove(hook);
		}

	};

	private final AtomicInteger cancels = new AtomicInteger();

	private JobCancellation watch() {
		return new JobCancellation("job j1", () -> Mono.fromRunnable(this.cancels::incrementAndGet),
				Duration.ofSeconds(1), this.recorder);
	}

	@Test
	void jvmShutdownWhileTheJobRunsCancelsItOnce() throws InterruptedException {
		JobCancellation cancellation = watch();
		assertThat(this.hooks).hasSize(1);
		Thread hook = this.hooks.get(0);
		hook.start();
		hook.join();
		cancellation.close();
		assertThat(this.cancels).hasValue(1);
	}

	@Test
	void jobThatEndedIsNotCancelledAndItsHookIsRemoved() {
		try (JobCancellation cancellation = watch()) {
			cancellation.settle();
		}
		assertThat(this.cancels).hasValue(0);
		assertThat(this.hooks).isEmpty();
	}

	@Test
	void leavingBeforeTheJobEndedCancelsIt() {
		try (JobCancellation cancellation = watch()) {
			assertThat(this.cancels).hasValue(0);
		}
		assertThat(this.cancels).hasValue(1);
		assertThat(this.hooks).isEmpty();
	}

	@Test
	void failedCancellationIsLoggedNotThrown() {
		JobCancellation cancellation = new JobCancellation("job j1",
				() -> Mono.error(new IllegalStateException("backend down")), Duration.ofSeconds(1), this.recorder);
		cancellation.close();
		assertThat(this.hooks).isEmpty();
	}

}
