package dev.taskapp.inprocess;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link CallerThreadProgress}.
 */
class CallerThreadProgressTests {

	@Test
	void progressIsReportedOnTheWaitingThreadInOrderBeforeTheResult() {
		Thread waiting = Thread.currentThread();
		List<String> seen = new CopyOnWriteArrayList<>();
		String result = CallerThreadProgress.await((progress) -> Flux.range(1, 3)
			.publishOn(Schedulers.parallel())
			.doOnNext(progress)
			.then(Mono.just("done")), (Integer report) -> {
				assertThat(Thread.currentThread()).isSameAs(waiting);
				// Blocking is allowed here: this is not a Reactor thread.
				seen.add(report + " " + Mono.just("blocked").block());
			});
		assertThat(result).isEqualTo("done");
		assertThat(seen).containsExactly("1 blocked", "2 blocked", "3 blocked");
	}

	@Test
	void errorOfTheOperationIsRethrownAsItWasSignalled() {
		assertThatIllegalArgumentException().isThrownBy(() -> CallerThreadProgress
			.await((progress) -> Mono.error(new IllegalArgumentException("refused")), (Object report) -> {
			}))
			.withMessage("refused");
	}

	@Test
	void operationWithoutAResultIsAnError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> CallerThreadProgress.await((progress) -> Mono.empty(), (Object report) -> {
			}))
			.withMessage("The operation completed without a result");
	}

	@Test
	void interruptedWaitCancelsTheOperation() {
		AtomicBoolean cancelled = new AtomicBoolean();
		Thread.currentThread().interrupt();
		try {
			assertThatIllegalStateException().isThrownBy(() -> CallerThreadProgress
				.await((progress) -> Mono.never().doOnCancel(() -> cancelled.set(true)), (Object report) -> {
				}))
				.withMessage("Interrupted while waiting");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(cancelled).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void callbackThatThrowsCancelsTheOperation() {
		AtomicBoolean cancelled = new AtomicBoolean();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> CallerThreadProgress
			.await((progress) -> Mono.fromRunnable(() -> progress.accept("first"))
				.then(Mono.never())
				.doOnCancel(() -> cancelled.set(true)), (Object report) -> {
					throw new AssertionError("callback failed on " + report);
				}))
			.withMessage("callback failed on first");
		assertThat(cancelled).isTrue();
	}

}
