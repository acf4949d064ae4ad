package dev.taskapp.tunnel.synth;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff: the first wait is the initial delay, each further one doubles,
 * never beyond the cap, with up to a fifth added at random so that many agents dropped at once
 * do not reconnect in step. Not thread-safe.
 */
final class Backoff {

	private final Duration initial;

	private final Duration max;

	private Duration next;

	Backoff(Duration initial, Duration max) {
		this.initial = initial;
		this.max = max;
		this.next = initial;
	}

	/**
	 * Returns the next wait and doubles the one after.
	 * @return the wait
	 */
	Duration next() {
		Duration base = this.next;
		Duration doubled = base.multipliedBy(2);
		this.next = (doubled.compareTo(this.max) > 0) ? this.max : doubled;
		long jitter = ThreadLocalRandom.current().nextLong(base.toMillis() / 5 + 1);
		Duration wait = base.plusMillis(jitter);
		return (wait.compareTo(this.max) > 0) ? this.max : wait;
	}

	/**
	 * Starts again from the initial wait, as after a connection that worked.
	 */
	void reset() {
		this.next = this.initial;
	}

}
