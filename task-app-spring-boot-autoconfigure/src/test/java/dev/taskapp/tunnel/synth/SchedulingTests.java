package dev.taskapp.tunnel.synth;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RenewalSchedule} and {@link Backoff}: when leases are replaced and connections retried.
 */
class SchedulingTests {

	private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");

	private final RenewalSchedule schedule = new RenewalSchedule(Duration.ofMinutes(5));

	@Test
	void hourLongLeaseIsRenewedFiveMinutesBeforeItExpires() {
		assertThat(this.schedule.delayUntilRenewal(NOW, NOW.plus(Duration.ofHours(1))))
			.isEqualTo(Duration.ofMinutes(55));
	}

	@Test
	void shortLeaseIsRenewedAfterFourFifthsOfItsLife() {
		assertThat(this.schedule.delayUntilRenewal(NOW, NOW.plusSeconds(10))).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void expiredLeaseIsRenewedAtOnce() {
		assertThat(this.schedule.delayUntilRenewal(NOW, NOW.minusSeconds(1))).isZero();
	}

	@Test
	void backoffDoublesUpToItsCapAndStartsOverAfterReset() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
		assertThat(backoff.next()).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1200));
		assertThat(backoff.next()).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2400));
		for (int i = 0; i < 10; i++) {
			backoff.next();
		}
		assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(30));
		backoff.reset();
		assertThat(backoff.next()).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1200));
	}

}
