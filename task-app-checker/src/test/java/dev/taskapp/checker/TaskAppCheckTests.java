package dev.taskapp.checker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.taskapp.inprocess.InProcessTaskApp;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line: its table, summary and exit status.
 */
class TaskAppCheckTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void conformingAppExitsWithZeroAfterTheTableAndSummary() {
		try (InProcessTaskApp app = CheckedTaskApp.start(true, java.util.Map.of())) {
			int status = run(null, "check", app.url(), "--key", CheckedTaskApp.KEY, "--contract", "task-app");
			assertThat(status).isZero();
			String[] lines = text(this.out).split("\\R");
			assertThat(lines[0]).startsWith("ROUTE").contains("CHECK").contains("RESULT").contains("DETAIL");
			assertThat(lines[lines.length - 1]).endsWith("conforms to the task-app contract");
			assertThat(text(this.out)).doesNotContain(CheckedTaskApp.KEY);
		}
	}

	@Test
	void keyComesFromTheEnvironmentWhenNotGiven() {
		try (InProcessTaskApp app = CheckedTaskApp.start(true, java.util.Map.of())) {
			assertThat(run(CheckedTaskApp.KEY, "check", app.url())).isZero();
			assertThat(text(this.out)).doesNotContain("SKIP");
		}
	}

	@Test
	void failingAppExitsWithOne() {
		int status = run(null, "check", "http://127.0.0.1:" + CheckedTaskApp.freePort(), "--key", "k");
		assertThat(status).isEqualTo(1);
		assertThat(text(this.out)).contains("FAIL").contains("does not conform");
	}

	@Test
	void usageErrorsExitWithTwoAndShowTheUsage() {
		assertThat(run(null)).isEqualTo(2);
		assertThat(run(null, "check", "http://127.0.0.1:1", "--contract", "grpc")).isEqualTo(2);
		assertThat(run(null, "check", "http://127.0.0.1:1", "--key")).isEqualTo(2);
		assertThat(run(null, "check", "not a url")).isEqualTo(2);
		assertThat(text(this.err)).contains("Unknown contract 'grpc'").contains("--key needs a value")
			.contains(TaskAppCheck.USAGE);
		assertThat(text(this.out)).isEmpty();
	}

	private int run(@Nullable String environmentKey, String... args) {
		return TaskAppCheck.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8), environmentKey);
	}

	private static String text(ByteArrayOutputStream stream) {
		return stream.toString(StandardCharsets.UTF_8);
	}

}
