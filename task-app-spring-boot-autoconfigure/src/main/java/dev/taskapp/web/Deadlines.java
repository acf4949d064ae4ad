package dev.taskapp.web;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Bounds a {@link Mono} in time, as {@link Mono#timeout(Duration, Mono, Scheduler)} does but
 * with one subscriber and one scheduled task per subscription: {@code timeout} assembles an
 * operator description on every subscription by walking the whole upstream chain, and
 * {@code take(Duration)} keeps a delay {@link Mono}, its runnable and two subscribers alive
 * for as long as the source runs, which for a rollout waiting on its model is seconds, for
 * every rollout in flight.
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
		return within(source, limit, onTimeout, onTimeout, timer);
	}

	/**
	 * Fails the source with the given error when it has not emitted within the limit, and
	 * cancels it; fails with another error when it completes without a value.
	 * @param <T> the value type
	 * @param source the source
	 * @param limit the longest wait
	 * @param onTimeout the error to fail with at the limit
	 * @param onEmpty the error to fail with when the source completes empty
	 * @param timer where the timer runs
	 * @return the bounded {@link Mono}
	 */
	static <T> Mono<T> within(Mono<T> source, Duration limit, Supplier<? extends Throwable> onTimeout,
			Supplier<? extends Throwable> onEmpty, Scheduler timer) {
		return new DeadlineMono<>(source, limit.toNanos(), onTimeout, onEmpty, timer);
	}

	/**
	 * Fails the source with the given error when it completes without a value.
	 * @param <T> the value type
	 * @param source the source
	 * @param onEmpty the error to fail with
	 * @return the {@link Mono} that always emits a value or fails
	 */
	static <T> Mono<T> nonEmpty(Mono<T> source, Supplier<? extends Throwable> onEmpty) {
		return new DeadlineMono<>(source, -1, onEmpty, onEmpty, null);
	}

	private static final class DeadlineMono<T> extends Mono<T> {

		private final Mono<T> source;

		private final long limitNanos;

		private final Supplier<? extends Throwable> onTimeout;

		private final Supplier<? extends Throwable> onEmpty;

		private final @Nullable Scheduler timer;

		DeadlineMono(Mono<T> source, long limitNanos, Supplier<? extends Throwable> onTimeout,
				Supplier<? extends Throwable> onEmpty, @Nullable Scheduler timer) {
			this.source = source;
			this.limitNanos = limitNanos;
			this.onTimeout = onTimeout;
			this.onEmpty = onEmpty;
			this.timer = timer;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new DeadlineSubscriber<>(actual, this.limitNanos, this.onTimeout, this.onEmpty,
					this.timer));
		}

	}

	/**
	 * Passes the source's signals on until the first of: a value, an error, an empty
	 * completion or the timer; whatever comes later is dropped.
	 */
	private static final class DeadlineSubscriber<T> implements CoreSubscriber<T>, Subscription, Runnable {

		private static final int RUNNING = 0;

		private static final int DONE = 1;

		private static final AtomicIntegerFieldUpdater<DeadlineSubscriber> STATE = AtomicIntegerFieldUpdater
			.newUpdater(DeadlineSubscriber.class, "state");

		private final CoreSubscriber<? super T> actual;

		private final long limitNanos;

		private final Supplier<? extends Throwable> onTimeout;

		private final Supplier<? extends Throwable> onEmpty;

		private @Nullable Scheduler timer;

		private @Nullable Subscription upstream;

		private volatile @Nullable Disposable timerTask;

		private volatile int state;

		DeadlineSubscriber(CoreSubscriber<? super T> actual, long limitNanos, Supplier<? extends Throwable> onTimeout,
				Supplier<? extends Throwable> onEmpty, @Nullable Scheduler timer) {
			this.actual = actual;
			this.limitNanos = limitNanos;
			this.onTimeout = onTimeout;
			this.onEmpty = onEmpty;
			this.timer = timer;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
				Scheduler timer = this.timer;
				this.timer = null;
				if (timer != null && this.state == RUNNING) {
					startTimer(timer);
				}
			}
		}

		private void startTimer(Scheduler timer) {
			Disposable task;
			try {
				task = timer.schedule(this, this.limitNanos, TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				if (STATE.compareAndSet(this, RUNNING, DONE)) {
					cancelUpstream();
					this.actual.onError(Operators.onRejectedExecution(ex, currentContext()));
				}
				return;
			}
			this.timerTask = task;
			if (this.state != RUNNING) {
				task.dispose();
			}
		}

		@Override
		public void onNext(T value) {
			if (STATE.compareAndSet(this, RUNNING, DONE)) {
				stopTimer();
				this.actual.onNext(value);
				this.actual.onComplete();
			}
			else {
				Operators.onNextDropped(value, currentContext());
			}
		}

		@Override
		public void onError(Throwable error) {
			if (STATE.compareAndSet(this, RUNNING, DONE)) {
				stopTimer();
				this.actual.onError(error);
			}
			else {
				Operators.onErrorDropped(error, currentContext());
			}
		}

		@Override
		public void onComplete() {
			if (STATE.compareAndSet(this, RUNNING, DONE)) {
				stopTimer();
				this.actual.onError(this.onEmpty.get());
			}
		}

		/** The timer fired. */
		@Override
		public void run() {
			if (STATE.compareAndSet(this, RUNNING, DONE)) {
				cancelUpstream();
				this.actual.onError(this.onTimeout.get());
			}
		}

		@Override
		public void request(long n) {
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.request(n);
			}
		}

		@Override
		public void cancel() {
			STATE.set(this, DONE);
			stopTimer();
			cancelUpstream();
		}

		private void cancelUpstream() {
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.cancel();
			}
		}

		private void stopTimer() {
			Disposable task = this.timerTask;
			if (task != null) {
				this.timerTask = null;
				task.dispose();
			}
		}

	}

}
