package dev.taskapp.checker;

import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * The command line of the checker:
 * {@code task-app check <url> [--key K] [--contract task-app|container] [--rollout-timeout 60s]}.
 * It prints a table of route, check, result and detail, then a summary line, and exits with 0
 * when the app conforms, 1 when a check failed and 2 on a usage error. Without {@code --key},
 * {@code ENVIRONMENT_API_KEY} is used when it is set.
 */
public final class TaskAppCheck {

	static final String USAGE = "usage: task-app check <url> [--key K] [--contract task-app|container]"
			+ " [--rollout-timeout 60s]";

	private TaskAppCheck() {
	}

	/**
	 * Runs the checker and exits with its status.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err, System.getenv("ENVIRONMENT_API_KEY")));
	}

	/**
	 * Runs the checker.
	 * @param args the arguments
	 * @param out where the table and summary go
	 * @param err where usage errors go
	 * @param environmentKey the key used when {@code --key} is not given, or {@code null}
	 * @return the exit status: 0 conforms, 1 a check failed, 2 usage error
	 */
	static int run(String[] args, PrintStream out, PrintStream err, @Nullable String environmentKey) {
		TaskAppConformance conformance;
		try {
			conformance = parse(args, environmentKey);
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.println(USAGE);
			return 2;
		}
		CheckReport report = conformance.check();
		out.print(report.table());
		out.println(report.summary());
		return report.passed() ? 0 : 1;
	}

	private static TaskAppConformance parse(String[] args, @Nullable String environmentKey) {
		if (args.length < 2 || !args[0].equals("check")) {
			throw new IllegalArgumentException("expected 'check <url>'");
		}
		TaskAppConformance conformance = TaskAppConformance.of(args[1]);
		String key = environmentKey;
		for (int i = 2; i < args.length; i++) {
			String option = args[i];
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(option + " needs a value");
			}
			String value = args[++i];
			switch (option) {
				case "--key" -> key = value;
				case "--contract" -> conformance.contract(Contract.of(value));
				case "--rollout-timeout" -> conformance.rolloutTimeout(duration(value));
				default -> throw new IllegalArgumentException("unknown option " + option);
			}
		}
		return conformance.apiKey(key);
	}

	private static Duration duration(String value) {
		try {
			return value.matches("\\d+s") ? Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)))
					: Duration.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("--rollout-timeout takes seconds such as 60s, got " + value);
		}
	}

}
