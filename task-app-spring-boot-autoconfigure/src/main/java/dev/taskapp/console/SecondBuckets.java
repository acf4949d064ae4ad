package dev.taskapp.console;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Counts of finished rollouts and sums of their rewards per wall-clock second, over the last
 * {@value #SECONDS} seconds. Memory is fixed; a bucket is reused when its second comes round
 * again.
 */
final class SecondBuckets {

	static final int SECONDS = 300;

	private final long[] second = new long[SECONDS];

	private final long[] count = new long[SECONDS];

	private final long[] rewarded = new long[SECONDS];

	private final double[] rewardSum = new double[SECONDS];

	/**
	 * Counts a rollout that ended in the given second.
	 * @param epochSecond the second
	 * @param reward its reward, or {@code null} when it had none
	 */
	synchronized void add(long epochSecond, @Nullable Double reward) {
		int index = (int) Math.floorMod(epochSecond, (long) SECONDS);
		if (this.second[index] != epochSecond) {
			this.second[index] = epochSecond;
			this.count[index] = 0;
			this.rewarded[index] = 0;
			this.rewardSum[index] = 0;
		}
		this.count[index]++;
		if (reward != null && Double.isFinite(reward)) {
			this.rewarded[index]++;
			this.rewardSum[index] += reward;
		}
	}

	/**
	 * Returns the number of rollouts that ended in the given seconds.
	 * @param fromSecond the first second, included
	 * @param toSecond the last second, excluded
	 * @return the count
	 */
	synchronized long count(long fromSecond, long toSecond) {
		long total = 0;
		for (int i = 0; i < SECONDS; i++) {
			if (this.second[i] >= fromSecond && this.second[i] < toSecond) {
				total += this.count[i];
			}
		}
		return total;
	}

	/**
	 * Returns the mean reward of every window of the given width that had a rewarded rollout,
	 * oldest first, over the seconds up to {@code toSecond}.
	 * @param toSecond the last second, excluded
	 * @param windowSeconds the width of a point
	 * @return the points
	 */
	synchronized List<RewardPoint> meanRewards(long toSecond, int windowSeconds) {
		long from = toSecond - SECONDS;
		int windows = SECONDS / windowSeconds;
		long[] counts = new long[windows];
		double[] sums = new double[windows];
		for (int i = 0; i < SECONDS; i++) {
			long s = this.second[i];
			if (s >= from && s < toSecond && this.rewarded[i] > 0) {
				int window = (int) ((s - from) / windowSeconds);
				counts[window] += this.rewarded[i];
				sums[window] += this.rewardSum[i];
			}
		}
		List<RewardPoint> points = new ArrayList<>();
		for (int w = 0; w < windows; w++) {
			if (counts[w] > 0) {
				points.add(new RewardPoint(from + (long) w * windowSeconds, sums[w] / counts[w], counts[w]));
			}
		}
		return points;
	}

	/**
	 * The mean reward of the rollouts that ended in one window.
	 *
	 * @param epochSecond the window's first second
	 * @param meanReward the mean reward
	 * @param rollouts the number of rewarded rollouts
	 */
	record RewardPoint(long epochSecond, double meanReward, long rollouts) {

	}

}
