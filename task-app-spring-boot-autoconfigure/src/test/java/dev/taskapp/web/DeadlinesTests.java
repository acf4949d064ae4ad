package dev.taskapp.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.util.context.Context;

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

	@Test
	void sourceCompletingEmptyFailsWithTheEmptyError() {
		VirtualTimeScheduler timer = VirtualTimeScheduler.create();
		StepVerifier
			.withVirtualTime(() -> Deadlines.within(Mono.<String>empty(), LIMIT, TimedOut::new, Empty::new, timer),
					() -> timer, 1)
			.expectError(Empty.class)
			.verify(Duration.ofSeconds(10));
		StepVerifier.create(Deadlines.nonEmpty(Mono.<String>empty(), Empty::new))
			.expectError(Empty.class)
			.verify(Duration.ofSeconds(10));
		StepVerifier.create(Deadlines.nonEmpty(Mono.just("answer"), Empty::new))
			.expectNext("answer")
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void cancellingBeforeTheLimitCancelsTheSourceAndTheTimer() {
		VirtualTimeScheduler timer = VirtualTimeScheduler.create();
		AtomicBoolean cancelled = new AtomicBoolean();
		AtomicBoolean timedOut = new AtomicBoolean();
		Mono<String> source = Mono.<String>never().doOnCancel(() -> cancelled.set(true));
		StepVerifier.withVirtualTime(() -> Deadlines.within(source, LIMIT, () -> {
			timedOut.set(true);
			return new TimedOut();
		}, timer), () -> timer, 1)
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(1))
			.thenCancel()
			.verify(Duration.ofSeconds(10));
		timer.advanceTimeBy(Duration.ofSeconds(10));
		assertThat(cancelled).isTrue();
		assertThat(timedOut).isFalse();
	}

	@Test
	void sourceSeesTheSubscribersContext() {
		VirtualTimeScheduler timer = VirtualTimeScheduler.create();
		Mono<String> source = Mono.deferContextual((context) -> Mono.just(context.<String>get("key")));
		StepVerifier
			.create(Deadlines.within(source, LIMIT, TimedOut::new, timer).contextWrite(Context.of("key", "value")))
			.expectNext("value")
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	static final class Empty extends RuntimeException {

		Empty() {
			super("empty");
		}

	}

	static final class TimedOut extends RuntimeException {

		TimedOut() {
			super("timed out");
		}

	}

}
