package dev.taskapp.checker;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.taskapp.inprocess.InProcessTaskApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The task-app checks against real task apps: one that conforms, and ones that break the
 * contract in one way each.
 */
class TaskAppConformanceTests {

	private static InProcessTaskApp conforming;

	@BeforeAll
	static void startConformingApp() {
		conforming = CheckedTaskApp.start(true, Map.of());
	}

	@AfterAll
	static void stopConformingApp() {
		conforming.close();
	}

	@Test
	void conformingAppPassesEveryCheck() {
		CheckReport report = TaskAppConformance.of(conforming.url()).apiKey(CheckedTaskApp.KEY).check();
		assertThat(report.passed()).as(report.table()).isTrue();
		assertThat(report.count(CheckResult.Outcome.SKIP)).isZero();
		assertThat(report.results()).extracting(CheckResult::route)
			.contains("GET /", "GET /health", "GET /info", "GET /task_info", "GET /task_info?seed=0", "POST /rollout",
					"POST /done");
		assertThat(report.summary()).startsWith(report.results().size() + " passed, 0 failed, 0 skipped")
			.endsWith("conforms to the task-app contract");
	}

	@Test
	void reportNeverShowsTheKey() {
		CheckReport report = TaskAppConformance.of(conforming.url()).apiKey(CheckedTaskApp.KEY).check();
		assertThat(report.table() + report.summary()).doesNotContain(CheckedTaskApp.KEY)
			.doesNotContain(CheckedTaskApp.KEY.substring(0, 8));
	}

	@Test
	void wrongKeyFailsTheHealthCheckAndSkipsTheRest() {
		CheckReport report = TaskAppConformance.of(conforming.url()).apiKey("sk_not_the_key").check();
		assertThat(report.passed()).isFalse();
		assertThat(failed(report)).containsExactly("passes the SDK's check_task_app_health");
		assertThat(report.results().get(report.results().size() - 1).outcome()).isEqualTo(CheckResult.Outcome.SKIP);
	}

	@Test
	void appThatNeverCallsTheModelFailsTheModelCheck() {
		try (InProcessTaskApp app = CheckedTaskApp.start(false, Map.of())) {
			CheckReport report = TaskAppConformance.of(app.url()).apiKey(CheckedTaskApp.KEY).check();
			assertThat(failed(report)).containsExactly("calls the model at policy.config.inference_url");
		}
	}

	@Test
	void appThatAcceptsAnyCallerFailsTheRefusalChecks() {
		try (InProcessTaskApp app = CheckedTaskApp.start(true, Map.of("task-app.auth.enabled", false))) {
			CheckReport withKey = TaskAppConformance.of(app.url()).apiKey(CheckedTaskApp.KEY).check();
			assertThat(failed(withKey)).containsExactlyInAnyOrder("refuses a request without a key",
					"refuses a wrong key without echoing it", "refuses a request without a key");
			CheckReport withoutKey = TaskAppConformance.of(app.url()).check();
			assertThat(withoutKey.passed()).as(withoutKey.table()).isTrue();
			assertThat(withoutKey.count(CheckResult.Outcome.SKIP)).isEqualTo(3);
		}
	}

	@Test
	void unreachableAppFailsWithoutAnException() {
		String url = "http://127.0.0.1:" + CheckedTaskApp.freePort();
		CheckReport report = TaskAppConformance.of(url).apiKey(CheckedTaskApp.KEY).check();
		assertThat(report.passed()).isFalse();
		assertThat(report.summary()).endsWith(url + " does not conform to the task-app contract");
	}

	@Test
	void dynamicTestsAreOnePerCheckAndFailWithTheCheck() {
		List<DynamicTest> tests = TaskAppConformance.of(conforming.url())
			.apiKey("sk_not_the_key")
			.dynamicTests()
			.toList();
		assertThat(tests).extracting(DynamicTest::getDisplayName)
			.contains("GET /health, GET /task_info: passes the SDK's check_task_app_health");
		DynamicTest health = tests.stream()
			.filter((test) -> test.getDisplayName().contains("check_task_app_health"))
			.findFirst()
			.orElseThrow();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> health.getExecutable().execute())
			.withMessageContaining("/health=401");
	}

	@Test
	void assertConformsThrowsTheTable() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> TaskAppConformance.of(conforming.url()).apiKey("sk_not_the_key").assertConforms())
			.withMessageContaining("does not conform")
			.withMessageContaining("ROUTE");
	}

	private static List<String> failed(CheckReport report) {
		return report.results()
			.stream()
			.filter(CheckResult::failed)
			.map(CheckResult::check)
			.collect(Collectors.toList());
	}

}
