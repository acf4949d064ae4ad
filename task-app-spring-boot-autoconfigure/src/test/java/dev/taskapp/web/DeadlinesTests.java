package dev.taskapp.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Deadlines}: the time bound of body reads and of {@code safety.max_time_s}.
 */
class DeadlinesTests {

	private static final Duration LIMIT = Duration.ofSeconds(5);

	@Test
	void valueWithinTheLimitPassesThrough() {
		VirtualTimeScheduler timer = VirtualTimeScheduler.create();
		Mono<String> source = Mono.delay(Duration.ofSeconds(4), timer).map((tick) -> "answer");
		StepVerifier.withVirtualTime(() -> Deadlines.within(source, LIMIT, TimedOut::new, timer), () -> timer, 1)
			.thenAwait(Duration.ofSeconds(4))
			.expectNext("answer")
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void sourceStillRunningAtTheLimitIsCancelledAndFailsWithTheGivenError() {
		VirtualTimeScheduler timer = VirtualTimeScheduler.create();
		AtomicBoolean cancelled = new AtomicBoolean();
		Mono<String> source = Mono.<String>never().doOnCancel(() -> cancelled.set(true));
		StepVerifier.withVirtualTime(() -> Deadlines.within(source, LIMIT, TimedOut::new, timer), () -> timer, 1)
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(4999))
			.thenAwait(Duration.ofMillis(1))
			.expectError(TimedOut.class)
			.verify(Duration.ofSeconds(10));
		assertThat(cancelled).isTrue();
	}

	@Test
	void errorWithinTheLimitPassesThrough() {
		VirtualTimeScheduler timer = VirtualTimeScheduler.create();
		Mono<String> source = Mono.error(new IllegalStateException("handler failed"));
		StepVerifier.withVirtualTime(() -> Deadlines.within(source, LIMIT, TimedOut::new, timer), () -> timer, 1)
			.expectErrorMessage("handler failed")
			.verify(Duration.ofSeconds(10));
	}

	static final class TimedOut extends RuntimeException {

		TimedOut() {
			super("timed out");
		}

	}

}
