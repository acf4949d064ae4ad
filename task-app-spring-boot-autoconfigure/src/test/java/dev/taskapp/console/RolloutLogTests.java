package dev.taskapp.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.taskapp.tracing.FinishedRollout;
import dev.taskapp.tracing.RolloutOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The console's memory of recent rollouts: bounded, newest first, with rates, latency
 * percentiles and mean rewards.
 */
class RolloutLogTests {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

	private final RolloutLog log = new RolloutLog(3, true, this.nanos::get, this.millis::get);

	@Test
	void keepsOnlyTheLastRolloutsNewestFirst() {
		for (int seed = 1; seed <= 5; seed++) {
			finish(seed, 1.0, 10);
		}
		assertThat(this.log.finished()).isEqualTo(5);
		assertThat(this.log.recent(10)).extracting((rollout) -> rollout.rollout().seed()).containsExactly(5, 4, 3);
		assertThat(this.log.recent(2)).extracting(ConsoleRollout::id).containsExactly(5L, 4L);
		assertThat(this.log.get(5)).isNotNull();
		assertThat(this.log.get(2)).as("evicted").isNull();
		assertThat(this.log.get(0)).isNull();
		assertThat(this.log.get(6)).as("not yet finished").isNull();
	}

	@Test
	void countsRolloutsInFlight() {
		this.log.rolloutStarted();
		this.log.rolloutStarted();
		assertThat(this.log.load().inFlight()).isEqualTo(2);
		this.log.rolloutFinished(rollout(1, 1.0, 10));
		assertThat(this.log.load().inFlight()).isEqualTo(1);
		assertThat(this.log.load().rejected()).isZero();
		assertThat(this.log.load().limit()).isNegative();
	}

	@Test
	void latencyPercentilesComeFromTheRolloutsKept() {
		RolloutLog log = new RolloutLog(100, true, this.nanos::get, this.millis::get);
		assertThat(log.latencyPercentile(50)).isNull();
		for (int i = 1; i <= 100; i++) {
			log.rolloutStarted();
			log.rolloutFinished(rollout(i, 1.0, i));
		}
		assertThat(log.percentiles(50, 99)).containsExactly(Duration.ofMillis(50), Duration.ofMillis(99));
	}

	@Test
	void rateCountsTheLastTenCompleteSeconds() {
		for (int i = 0; i < 30; i++) {
			finish(i, 1.0, 1);
		}
		assertThat(this.log.rolloutsPerSecond()).as("the current second is not complete yet").isZero();
		this.millis.addAndGet(1000);
		assertThat(this.log.rolloutsPerSecond()).isEqualTo(3.0);
		this.millis.addAndGet(20_000);
		assertThat(this.log.rolloutsPerSecond()).isZero();
	}

	@Test
	void meanRewardIsPlottedPerWindowAndSkipsRolloutsWithoutReward() {
		finish(1, 1.0, 1);
		finish(2, 0.0, 1);
		finish(3, null, 1);
		this.millis.addAndGet(10_000);
		finish(4, 1.0, 1);
		List<SecondBuckets.RewardPoint> points = this.log.meanRewards(5);
		assertThat(points).hasSize(2);
		assertThat(points.get(0).meanReward()).isEqualTo(0.5);
		assertThat(points.get(0).rollouts()).isEqualTo(2);
		assertThat(points.get(1).meanReward()).isEqualTo(1.0);
		assertThat(points.get(0).epochSecond()).isLessThan(points.get(1).epochSecond());
		this.millis.addAndGet(Duration.ofMinutes(6).toMillis());
		assertThat(this.log.meanRewards(5)).as("older than five minutes").isEmpty();
	}

	@Test
	void callsAreWantedOnlyWhileAConsoleLooks() {
		assertThat(this.log.wantsCalls()).isFalse();
		this.log.viewed();
		assertThat(this.log.wantsCalls()).isTrue();
		this.nanos.addAndGet(Duration.ofSeconds(RolloutLog.VIEWER_TIMEOUT_SECONDS + 1).toNanos());
		assertThat(this.log.wantsCalls()).isFalse();
		RolloutLog neverRecording = new RolloutLog(3, false, this.nanos::get, this.millis::get);
		neverRecording.viewed();
		assertThat(neverRecording.wantsCalls()).isFalse();
	}

	@Test
	void capacityMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RolloutLog(0, true))
			.withMessageContaining("task-app.console.rollouts");
	}

	private void finish(int seed, Double reward, long durationMillis) {
		this.log.rolloutStarted();
		this.log.rolloutFinished(rollout(seed, reward, durationMillis));
	}

	private FinishedRollout rollout(int seed, Double reward, long durationMillis) {
		return new FinishedRollout("run_" + seed, seed, "eval", null, Instant.ofEpochMilli(this.millis.get()),
				Duration.ofMillis(durationMillis).toNanos(), RolloutOutcome.SUCCESS, 200, reward, null, List.of());
	}

}
