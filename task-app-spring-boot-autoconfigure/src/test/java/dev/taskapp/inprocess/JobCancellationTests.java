package dev.taskapp.inprocess;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobCancellation}.
 */
class JobCancellationTests {

	private final AtomicInteger cancels = new AtomicInteger();

	private JobCancellation watch() {
		return new JobCancellation("job j1", () -> Mono.fromRunnable(this.cancels::incrementAndGet),
				Duration.ofSeconds(1));
	}

	@Test
	void closingTaskAppContextWhileTheJobRunsCancelsItOnce() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.refresh();
		try (JobCancellation cancellation = watch().whenClosing(context)) {
			context.close();
			assertThat(this.cancels).hasValue(1);
		}
		assertThat(this.cancels).hasValue(1);
	}

	@Test
	void jobThatEndedIsNotCancelled() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.refresh();
		try (JobCancellation cancellation = watch().whenClosing(context)) {
			cancellation.settle();
		}
		context.close();
		assertThat(this.cancels).hasValue(0);
	}

	@Test
	void leavingBeforeTheJobEndedCancelsIt() {
		try (JobCancellation cancellation = watch()) {
			assertThat(this.cancels).hasValue(0);
		}
		assertThat(this.cancels).hasValue(1);
	}

	@Test
	void failedCancellationIsLoggedNotThrown() {
		AtomicInteger attempts = new AtomicInteger();
		JobCancellation cancellation = new JobCancellation("job j1", () -> {
			attempts.incrementAndGet();
			return Mono.error(new IllegalStateException("backend down"));
		}, Duration.ofSeconds(1));
		cancellation.close();
		cancellation.close();
		assertThat(attempts).hasValue(1);
	}

}
