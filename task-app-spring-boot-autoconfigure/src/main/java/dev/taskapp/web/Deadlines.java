package dev.taskapp.web;

import java.time.Duration;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Bounds a {@link Mono} in time, as {@link Mono#timeout(Duration, Mono, Scheduler)} does but
 * without the operator description that {@code timeout} assembles on every subscription by
 * walking the whole upstream chain: on a rollout's path that walk cost more than the timer.
 */
final class Deadlines {

	private Deadlines() {
	}

	/**
	 * Fails the source with the given error when it has not emitted within the limit, and
	 * cancels it.
	 * @param <T> the value type
	 * @param source a {@link Mono} that emits a value or fails, never completes empty (an
	 * empty completion would be reported as the timeout)
	 * @param limit the longest wait
	 * @param onTimeout the error to fail with
	 * @param timer where the timer runs
	 * @return the bounded {@link Mono}
	 */
	static <T> Mono<T> within(Mono<T> source, Duration limit, Supplier<? extends Throwable> onTimeout,
			Scheduler timer) {
		return source.take(limit, timer).switchIfEmpty(Mono.error(onTimeout));
	}

}
