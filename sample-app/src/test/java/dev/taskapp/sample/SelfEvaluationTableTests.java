package dev.taskapp.sample;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfEvaluationTable} and {@link SelfEvaluationReport}.
 */
class SelfEvaluationTableTests {

	private static final SelfEvaluationReport REPORT = new SelfEvaluationReport("test", "demo",
			List.of(new SelfEvaluationReport.Row(0, "Where is my card?", "card_arrival", "card_arrival", 1.0, null),
					new SelfEvaluationReport.Row(1,
							"There is a fee on my ATM withdrawal that I didn't expect at all, why?",
							"cash_withdrawal_charge", "exchange_rate", 0.0, null),
					new SelfEvaluationReport.Row(2, "Close my account", "terminate_account", null, 0.0,
							"Task app answered 502")));

	@Test
	void tableHasAHeaderAndOneLinePerSeedThenTheFailures() {
		List<String> lines = SelfEvaluationTable.render(REPORT).lines().toList();
		assertThat(lines).hasSize(6);
		assertThat(lines.get(0)).matches("seed \\| query +\\| expected +\\| predicted +\\| reward");
		assertThat(lines.get(1)).matches("-----\\+-+\\+-+\\+-+\\+-------");
		assertThat(lines.get(2)).matches(
				"   0 \\| Where is my card\\? +\\| card_arrival +\\| card_arrival +\\|   1\\.00");
		assertThat(lines.get(3)).contains("| There is a fee on my ATM withdrawal that...")
			.contains("| cash_withdrawal_charge | exchange_rate ")
			.endsWith("|   0.00");
		assertThat(lines.get(4)).contains("(rollout failed)");
		assertThat(lines.get(5)).isEqualTo("seed 2 failed: Task app answered 502");
		assertThat(lines.subList(0, 5)).extracting(String::length).containsOnly(lines.get(0).length());
	}

	@Test
	void meanScoreCountsFailuresAsZero() {
		assertThat(REPORT.meanScore()).isEqualTo(1.0 / 3);
		assertThat(REPORT.failures()).isEqualTo(1);
		assertThat(SelfEvaluationTable.meanScoreLine(REPORT)).isEqualTo("Mean score: 0.33 over 3 seeds");
	}

	@Test
	void longQueriesAreShortenedToTheColumn() {
		String shortened = SelfEvaluationTable.shorten("word ".repeat(30));
		assertThat(shortened).hasSizeLessThanOrEqualTo(SelfEvaluationTable.QUERY_WIDTH).endsWith("...");
		assertThat(SelfEvaluationTable.shorten("a\n b")).isEqualTo("a b");
	}

	@Test
	void correlationIdIsAddedToTheInferenceUrlsQuery() {
		assertThat(SelfEvaluation.withCorrelationId("http://h/demo-llm/v1", "eval_1"))
			.isEqualTo("http://h/demo-llm/v1?cid=eval_1");
		assertThat(SelfEvaluation.withCorrelationId("https://h/v1?x=1", "eval_1"))
			.isEqualTo("https://h/v1?x=1&cid=eval_1");
	}

}
