package dev.taskapp.tunnel.synth;

import java.time.Duration;
import java.time.Instant;

/**
 * When to replace a lease: {@code renewBefore} ahead of its expiry, or, for a lease that lives
 * less than five times that long, when four fifths of its remaining life have passed.
 */
final class RenewalSchedule {

	private final Duration renewBefore;

	RenewalSchedule(Duration renewBefore) {
		this.renewBefore = renewBefore;
	}

	/**
	 * Returns how long to wait before taking a new lease.
	 * @param now the current time
	 * @param expiresAt when the current lease expires
	 * @return the wait, never negative
	 */
	Duration delayUntilRenewal(Instant now, Instant expiresAt) {
		Duration remaining = Duration.between(now, expiresAt);
		if (remaining.isNegative() || remaining.isZero()) {
			return Duration.ZERO;
		}
		Duration fifth = remaining.dividedBy(5);
		Duration lead = (fifth.compareTo(this.renewBefore) < 0) ? fifth : this.renewBefore;
		return remaining.minus(lead);
	}

}
