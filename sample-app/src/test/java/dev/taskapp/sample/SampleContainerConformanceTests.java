package dev.taskapp.sample;

import java.util.stream.Stream;

import dev.taskapp.checker.CheckReport;
import dev.taskapp.checker.CheckResult;
import dev.taskapp.checker.Contract;
import dev.taskapp.checker.TaskAppConformance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance checker run against the sample as it serves the Synth container contract
 * ({@code task-app.contract=container}): every check the command line runs with
 * {@code --contract container}, each as its own test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_sample_container_conformance", "task-app.contract=container",
				"sample.self-evaluation.enabled=false", "sample.job.enabled=false" })
class SampleContainerConformanceTests {

	private static final String KEY = "sk_sample_container_conformance";

	@LocalServerPort
	private int port;

	@TestFactory
	Stream<DynamicTest> sampleConformsToTheContainerContract() {
		return conformance().dynamicTests();
	}

	@Test
	void everyCheckRunsAndPasses() {
		CheckReport report = conformance().check();
		assertThat(report.count(CheckResult.Outcome.SKIP)).isZero();
		assertThat(report.count(CheckResult.Outcome.FAIL)).as(report.table()).isZero();
		assertThat(report.results()).hasSizeGreaterThan(5);
	}

	private TaskAppConformance conformance() {
		return TaskAppConformance.of("http://127.0.0.1:" + this.port).apiKey(KEY).contract(Contract.CONTAINER);
	}

}
