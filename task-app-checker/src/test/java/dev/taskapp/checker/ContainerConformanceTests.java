package dev.taskapp.checker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container checks against a minimal container that GEPA v2 could drive, and against one
 * that advertises the wrong GEPA contract.
 */
class ContainerConformanceTests {

	@Test
	void conformingContainerPassesEveryCheck() {
		try (FakeContainer container = new FakeContainer(ContainerContractChecks.GEPA_CONTRACT_VERSION)) {
			CheckReport report = TaskAppConformance.of(container.url())
				.apiKey(FakeContainer.KEY)
				.contract(Contract.CONTAINER)
				.check();
			assertThat(report.passed()).as(report.table()).isTrue();
			assertThat(report.count(CheckResult.Outcome.SKIP)).isZero();
			assertThat(report.results()).extracting(CheckResult::check)
				.contains("advertises the GEPA v2 contract", "puts the candidate text in the model's messages",
						"reaches a successful state", "answers 422 to an unknown submission_mode",
						"refuses a request without a key");
			assertThat(report.summary()).endsWith("conforms to the container contract");
		}
	}

	@Test
	void containerOfAnotherGepaVersionFailsThePreflightAndSkipsTheRest() {
		try (FakeContainer container = new FakeContainer("synth_optimizers.gepa.v1")) {
			CheckReport report = TaskAppConformance.of(container.url())
				.apiKey(FakeContainer.KEY)
				.contract(Contract.CONTAINER)
				.check();
			assertThat(report.passed()).isFalse();
			CheckResult preflight = report.results().get(1);
			assertThat(preflight.failed()).isTrue();
			assertThat(preflight.detail()).contains("synth_optimizers.gepa.v1");
			assertThat(report.results().get(2).outcome()).isEqualTo(CheckResult.Outcome.SKIP);
		}
	}

}
