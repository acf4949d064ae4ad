package dev.taskapp.checker;

import java.util.List;

/**
 * The results of checking one app, in the order the checks ran.
 *
 * @param url the URL of the checked app
 * @param contract the contract it was held to
 * @param results the results
 */
public record CheckReport(String url, Contract contract, List<CheckResult> results) {

	/**
	 * Creates a report.
	 */
	public CheckReport {
		results = List.copyOf(results);
	}

	/**
	 * Returns whether no check failed.
	 * @return whether the app conforms
	 */
	public boolean passed() {
		return this.results.stream().noneMatch(CheckResult::failed);
	}

	/**
	 * Returns the number of results of an outcome.
	 * @param outcome the outcome
	 * @return how many checks had it
	 */
	public long count(CheckResult.Outcome outcome) {
		return this.results.stream().filter((result) -> result.outcome() == outcome).count();
	}

	/**
	 * Returns the results as a text table of route, check, outcome and detail.
	 * @return the table, one line per check after a header line
	 */
	public String table() {
		int routeWidth = width(5, this.results.stream().map(CheckResult::route).toList());
		int checkWidth = width(5, this.results.stream().map(CheckResult::check).toList());
		String format = "%-" + routeWidth + "s  %-" + checkWidth + "s  %-6s %s%n";
		StringBuilder table = new StringBuilder();
		table.append(String.format(format, "ROUTE", "CHECK", "RESULT", "DETAIL"));
		for (CheckResult result : this.results) {
			table.append(String.format(format, result.route(), result.check(), result.outcome(), result.detail()));
		}
		return table.toString();
	}

	/**
	 * Returns one line that says how the app fared.
	 * @return the summary, such as {@code 17 passed, 0 failed, 1 skipped: http://... conforms to the task-app contract}
	 */
	public String summary() {
		return count(CheckResult.Outcome.PASS) + " passed, " + count(CheckResult.Outcome.FAIL) + " failed, "
				+ count(CheckResult.Outcome.SKIP) + " skipped: " + this.url
				+ (passed() ? " conforms to the " : " does not conform to the ") + this.contract.id() + " contract";
	}

	private static int width(int minimum, List<String> values) {
		return Math.max(minimum, values.stream().mapToInt(String::length).max().orElse(0));
	}

}
