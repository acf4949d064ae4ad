package dev.taskapp.checker;

/**
 * The result of one check.
 *
 * @param route the route checked, such as {@code GET /health}
 * @param check what was checked
 * @param outcome whether it passed
 * @param detail what was seen; never contains the API key
 */
public record CheckResult(String route, String check, Outcome outcome, String detail) {

	/**
	 * Whether a check passed.
	 */
	public enum Outcome {

		/** The app answered as its contract says. */
		PASS,

		/** The app did not answer as its contract says. */
		FAIL,

		/** The check could not run, for example without an API key. */
		SKIP

	}

	/**
	 * Returns whether the check failed.
	 * @return whether the outcome is {@link Outcome#FAIL}
	 */
	public boolean failed() {
		return this.outcome == Outcome.FAIL;
	}

}
