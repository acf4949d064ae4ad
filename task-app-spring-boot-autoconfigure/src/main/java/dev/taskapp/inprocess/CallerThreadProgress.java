package dev.taskapp.inprocess;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Waits for a reactive operation and hands its progress reports to a callback on the waiting
 * thread, not on the Reactor thread that produced them: the callback may block, as a user's
 * progress callback does when it logs to a file or calls the task app.
 */
final class CallerThreadProgress {

	private CallerThreadProgress() {
	}

	/**
	 * Runs the operation and waits for its result, calling {@code progress} on this thread
	 * with every report, in order, before the result is returned.
	 * @param <P> the type of the progress reports
	 * @param <R> the type of the result
	 * @param operation creates the operation, given where to send its progress reports
	 * @param progress the callback
	 * @return the result
	 * @throws RuntimeException the operation's error, as it signalled it
	 * @throws IllegalStateException if the operation completed without a result, or the
	 * thread was interrupted; whatever ends the wait cancels an operation still running
	 */
	static <P, R> R await(Function<Consumer<P>, Mono<R>> operation, Consumer<P> progress) {
		BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
		Disposable subscription = operation.apply((report) -> signals.add(new Report(report)))
			.subscribe((result) -> signals.add(new Result(result)), (error) -> signals.add(new Failure(error)),
					() -> signals.add(new Result(null)));
		try {
			while (true) {
				Signal signal = signals.take();
				if (signal instanceof Report report) {
					@SuppressWarnings("unchecked")
					P value = (P) report.value();
					progress.accept(value);
				}
				else if (signal instanceof Result result) {
					if (result.value() == null) {
						throw new IllegalStateException("The operation completed without a result");
					}
					@SuppressWarnings("unchecked")
					R value = (R) result.value();
					return value;
				}
				else if (signal instanceof Failure failure) {
					throw (failure.error() instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException(failure.error().getMessage(), failure.error());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting", ex);
		}
		finally {
			subscription.dispose();
		}
	}

	private sealed interface Signal permits Report, Result, Failure {

	}

	private record Report(Object value) implements Signal {

	}

	private record Result(@Nullable Object value) implements Signal {

	}

	private record Failure(Throwable error) implements Signal {

	}

}
