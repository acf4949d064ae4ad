package dev.taskapp.sample;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link KeywordIntentClassifier}, the demo baseline.
 */
class KeywordIntentClassifierTests {

	private static final Banking77Dataset dataset = Banking77Dataset.load();

	private static final KeywordIntentClassifier classifier = KeywordIntentClassifier
		.train(dataset.split(Banking77Dataset.TRAIN));

	@Test
	void mostHeldOutTestQueriesAreClassifiedCorrectly() {
		List<Banking77Dataset.Example> test = dataset.split(Banking77Dataset.TEST);
		long correct = test.stream().filter((example) -> classifier.classify(example.text()).equals(example.label()))
			.count();
		// 63 of the 70 test queries (90%) when this was written
		assertThat((double) correct / test.size()).isGreaterThanOrEqualTo(0.85);
	}

	@Test
	void everyTrainingQueryIsClassifiedCorrectly() {
		assertThat(dataset.split(Banking77Dataset.TRAIN))
			.allSatisfy((example) -> assertThat(classifier.classify(example.text())).isEqualTo(example.label()));
	}

	@Test
	void intentsAreTheLabelsOfTheTrainingExamples() {
		assertThat(classifier.intents()).isEqualTo(dataset.intents());
	}

	@Test
	void onlyCandidatesCanBePredicted() {
		String query = "My card still hasn't arrived";
		assertThat(classifier.classify(query)).isEqualTo("card_arrival");
		assertThat(classifier.classify(query, List.of("exchange_rate", "terminate_account")))
			.isIn("exchange_rate", "terminate_account");
	}

	@Test
	void queryWithoutKnownKeywordsGetsTheFirstCandidate() {
		assertThat(classifier.classify("zzz qqq", List.of("top_up_failed", "card_arrival"))).isEqualTo("top_up_failed");
	}

	@Test
	void keywordsAreStemmedWordsWithoutFunctionWordsPlusWordPairs() {
		assertThat(KeywordIntentClassifier.keywords("Why was my top-up declined?")).containsExactly("top", "up",
				"declin", "top_up", "up_declin");
		assertThat(KeywordIntentClassifier.keywords("I haven't received it")).containsExactly("havent", "receiv",
				"havent_receiv");
	}

	@Test
	void noCandidatesIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> classifier.classify("card", List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> KeywordIntentClassifier.train(List.of()));
	}

}
