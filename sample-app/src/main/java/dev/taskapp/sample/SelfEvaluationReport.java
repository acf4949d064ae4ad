package dev.taskapp.sample;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a {@link SelfEvaluation}: one row per seed.
 *
 * @param split the split the seeds selected queries from
 * @param policy what answered the rollouts, such as {@code demo keyword classifier}
 * @param rows the rows, in seed order
 */
public record SelfEvaluationReport(String split, String policy, List<Row> rows) {

	/**
	 * Creates a report.
	 */
	public SelfEvaluationReport {
		rows = List.copyOf(rows);
	}

	/**
	 * Returns the mean reward over every row; a failed rollout counts as 0.
	 * @return the mean score, 0 for no rows
	 */
	public double meanScore() {
		return this.rows.stream().mapToDouble(Row::reward).average().orElse(0);
	}

	/**
	 * Returns how many rollouts failed.
	 * @return the number of rows with an error
	 */
	public long failures() {
		return this.rows.stream().filter((row) -> row.error() != null).count();
	}

	/**
	 * One evaluated seed.
	 *
	 * @param seed the seed
	 * @param query the customer query the seed selects
	 * @param expected the labelled intent
	 * @param predicted the intent the policy predicted, or {@code null}
	 * @param reward the rollout's reward; 0 when it failed
	 * @param error why the rollout failed, or {@code null}
	 */
	public record Row(int seed, String query, String expected, @Nullable String predicted, double reward,
			@Nullable String error) {

	}

}
