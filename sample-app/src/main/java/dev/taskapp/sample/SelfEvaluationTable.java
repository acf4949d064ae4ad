package dev.taskapp.sample;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link SelfEvaluationReport} as the plain-text table the sample prints:
 * {@code seed | query | expected | predicted | reward}, queries shortened to
 * {@value #QUERY_WIDTH} characters, then the failures, then the mean score.
 */
final class SelfEvaluationTable {

	static final int QUERY_WIDTH = 44;

	private static final String ELLIPSIS = "...";

	private SelfEvaluationTable() {
	}

	/**
	 * Returns the table, lines separated by {@code '\n'}, without the mean score line.
	 * @param report the report
	 * @return the table
	 */
	static String render(SelfEvaluationReport report) {
		int labelWidth = "predicted".length();
		for (SelfEvaluationReport.Row row : report.rows()) {
			labelWidth = Math.max(labelWidth, Math.max(row.expected().length(), predicted(row).length()));
		}
		String format = "%4s | %-" + QUERY_WIDTH + "s | %-" + labelWidth + "s | %-" + labelWidth + "s | %6s";
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, format, "seed", "query", "expected", "predicted", "reward"))
			.append('\n');
		table.append("-".repeat(5))
			.append('+')
			.append("-".repeat(QUERY_WIDTH + 2))
			.append('+')
			.append("-".repeat(labelWidth + 2))
			.append('+')
			.append("-".repeat(labelWidth + 2))
			.append('+')
			.append("-".repeat(7));
		for (SelfEvaluationReport.Row row : report.rows()) {
			table.append('\n')
				.append(String.format(Locale.ROOT, format, row.seed(), shorten(row.query()), row.expected(),
						predicted(row), String.format(Locale.ROOT, "%.2f", row.reward())));
		}
		List<SelfEvaluationReport.Row> failed = report.rows().stream().filter((row) -> row.error() != null).toList();
		for (SelfEvaluationReport.Row row : failed) {
			table.append('\n').append("seed ").append(row.seed()).append(" failed: ").append(row.error());
		}
		return table.toString();
	}

	/**
	 * Returns the mean score line.
	 * @param report the report
	 * @return such as {@code Mean score: 0.88 over 24 seeds}
	 */
	static String meanScoreLine(SelfEvaluationReport report) {
		return String.format(Locale.ROOT, "Mean score: %.2f over %d seeds", report.meanScore(), report.rows().size());
	}

	private static String predicted(SelfEvaluationReport.Row row) {
		if (row.predicted() != null) {
			return row.predicted();
		}
		return (row.error() != null) ? "(rollout failed)" : "(none)";
	}

	static String shorten(String query) {
		String flat = query.replaceAll("\\s+", " ").strip();
		return (flat.length() <= QUERY_WIDTH) ? flat
				: flat.substring(0, QUERY_WIDTH - ELLIPSIS.length()).stripTrailing() + ELLIPSIS;
	}

}
