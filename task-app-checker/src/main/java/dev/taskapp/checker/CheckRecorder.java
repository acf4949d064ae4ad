package dev.taskapp.checker;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Runs checks one after another and records their results, with every secret masked in the
 * details.
 */
final class CheckRecorder {

	private final List<CheckResult> results = new ArrayList<>();

	private final List<String> secrets;

	CheckRecorder(List<String> secrets) {
		this.secrets = secrets.stream().filter((secret) -> !secret.isEmpty()).toList();
	}

	/**
	 * A check: it returns what it saw when the app conforms, and throws otherwise.
	 */
	@FunctionalInterface
	interface Check {

		String run() throws Exception;

	}

	/**
	 * Runs a check.
	 * @return whether it passed
	 */
	boolean check(String route, String check, Check body) {
		try {
			record(route, check, CheckResult.Outcome.PASS, body.run());
			return true;
		}
		catch (CheckFailure ex) {
			record(route, check, CheckResult.Outcome.FAIL, String.valueOf(ex.getMessage()));
		}
		catch (Exception ex) {
			record(route, check, CheckResult.Outcome.FAIL, describe(ex));
		}
		return false;
	}

	void skip(String route, String check, String reason) {
		record(route, check, CheckResult.Outcome.SKIP, reason);
	}

	List<CheckResult> results() {
		return List.copyOf(this.results);
	}

	private void record(String route, String check, CheckResult.Outcome outcome, String detail) {
		this.results.add(new CheckResult(route, check, outcome, mask(detail)));
	}

	private String mask(String text) {
		String masked = text;
		for (String secret : this.secrets) {
			masked = masked.replace(secret, "****");
		}
		return masked;
	}

	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getMessage() == null) {
			cause = cause.getCause();
		}
		@Nullable String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
