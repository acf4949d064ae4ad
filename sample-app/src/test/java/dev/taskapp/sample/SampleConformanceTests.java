package dev.taskapp.sample;

import java.util.stream.Stream;

import dev.taskapp.checker.CheckReport;
import dev.taskapp.checker.CheckResult;
import dev.taskapp.checker.TaskAppConformance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance checker run against the sample as it serves the task-app contract: every
 * check the command line runs, each as its own test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_sample_conformance", "sample.self-evaluation.enabled=false",
				"sample.job.enabled=false" })
class SampleConformanceTests {

	private static final String KEY = "sk_sample_conformance";

	@LocalServerPort
	private int port;

	@TestFactory
	Stream<DynamicTest> sampleConformsToTheTaskAppContract() {
		return conformance().dynamicTests();
	}

	@Test
	void everyCheckRunsWithTheKeyGiven() {
		CheckReport report = conformance().check();
		assertThat(report.count(CheckResult.Outcome.SKIP)).isZero();
		assertThat(report.results()).extracting(CheckResult::check)
			.contains("passes the SDK's check_task_app_health", "runs one rollout against a stub model",
					"refuses a request without a key", "answers 422 to a body without run_id, env or policy");
	}

	private TaskAppConformance conformance() {
		return TaskAppConformance.of("http://127.0.0.1:" + this.port).apiKey(KEY);
	}

}
