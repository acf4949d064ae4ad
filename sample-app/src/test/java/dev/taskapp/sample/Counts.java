package dev.taskapp.sample;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.awaitility.Awaitility.await;

/**
 * Waits on counts of things that background work does, such as polls or lock attempts.
 */
final class Counts {

	private Counts() {
	}

	/**
	 * Waits until a count stays the same for the given time: the work that raised it has
	 * stopped. One step still under way when it was stopped may raise it once more.
	 * @param count reads the count
	 * @param quiet how long the count must not change
	 */
	static void awaitStopsChanging(IntSupplier count, Duration quiet) {
		AtomicInteger seen = new AtomicInteger(count.getAsInt());
		await().during(quiet).atMost(Duration.ofSeconds(10)).until(() -> {
			int now = count.getAsInt();
			return seen.getAndSet(now) == now;
		});
	}

}
