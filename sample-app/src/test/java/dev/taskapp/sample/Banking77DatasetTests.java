package dev.taskapp.sample;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link Banking77Dataset}.
 */
class Banking77DatasetTests {

	private final Banking77Dataset dataset = Banking77Dataset.load();

	@Test
	void bothSplitsAreLoadedFromTheClassPath() {
		int train = this.dataset.size(Banking77Dataset.TRAIN);
		int test = this.dataset.size(Banking77Dataset.TEST);
		assertThat(this.dataset.splits()).containsExactly("train", "test");
		assertThat(train + test).isGreaterThanOrEqualTo(240);
		assertThat((double) train / (train + test)).isBetween(0.70, 0.80);
	}

	@Test
	void intentsAreAtLeastTwelveSortedSnakeCaseLabels() {
		List<String> intents = this.dataset.intents();
		assertThat(intents).hasSizeGreaterThanOrEqualTo(12).isSorted().doesNotHaveDuplicates();
		assertThat(intents).allMatch((intent) -> intent.matches("[a-z]+(_[a-z]+)*"));
		assertThat(intents).contains("card_arrival", "change_pin", "lost_or_stolen_card", "top_up_failed",
				"exchange_rate", "transfer_not_received", "refund_not_showing_up", "cash_withdrawal_charge",
				"verify_identity", "direct_debit_payment_not_recognised", "pending_card_payment", "terminate_account");
	}

	@Test
	void everySplitIsBalancedOverEveryIntent() {
		for (String split : this.dataset.splits()) {
			Map<String, Long> counts = this.dataset.split(split)
				.stream()
				.collect(Collectors.groupingBy(Banking77Dataset.Example::label, Collectors.counting()));
			assertThat(counts.keySet()).as(split).containsExactlyInAnyOrderElementsOf(this.dataset.intents());
			assertThat(new HashSet<>(counts.values())).as(split).hasSize(1);
		}
	}

	@Test
	void noQueryAppearsTwice() {
		Set<String> seen = new HashSet<>();
		for (String split : this.dataset.splits()) {
			for (Banking77Dataset.Example example : this.dataset.split(split)) {
				assertThat(seen.add(example.text().toLowerCase())).as(example.text()).isTrue();
			}
		}
	}

	@Test
	void seedSelectsTheExampleAtSeedModuloSize() {
		List<Banking77Dataset.Example> train = this.dataset.split(Banking77Dataset.TRAIN);
		int size = train.size();
		assertThat(this.dataset.sample("train", 0)).isEqualTo(train.get(0));
		assertThat(this.dataset.sample("train", 17)).isEqualTo(train.get(17));
		assertThat(this.dataset.sample("train", size + 3)).isEqualTo(train.get(3));
		assertThat(this.dataset.index("train", 3 * size + 5)).isEqualTo(5);
	}

	@Test
	void sameSeedGivesSameExampleAcrossLoads() {
		Banking77Dataset other = Banking77Dataset.load();
		for (int seed = -5; seed < 300; seed += 7) {
			assertThat(other.sample("test", seed)).isEqualTo(this.dataset.sample("test", seed));
		}
	}

	@Test
	void negativeSeedWrapsAroundFromTheEnd() {
		List<Banking77Dataset.Example> test = this.dataset.split(Banking77Dataset.TEST);
		assertThat(this.dataset.sample("test", -1)).isEqualTo(test.get(test.size() - 1));
		assertThat(this.dataset.index("test", -test.size())).isZero();
		assertThat(this.dataset.index("test", Integer.MIN_VALUE)).isBetween(0, test.size() - 1);
	}

	@Test
	void unknownSplitIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.dataset.sample("validation", 0))
			.withMessageContaining("validation")
			.withMessageContaining("[train, test]");
	}

	@Test
	void malformedLineIsReportedWithItsPosition() {
		String jsonl = "{\"text\": \"Where is my card?\", \"label\": \"card_arrival\"}\n\n{\"text\": \"no label\"}\n";
		assertThatIllegalStateException()
			.isThrownBy(() -> Banking77Dataset.read(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)),
					"sample.jsonl"))
			.withMessageStartingWith("sample.jsonl:3 ");
	}

	@Test
	void blankLinesAreSkipped() throws Exception {
		String jsonl = "\n{\"text\": \" Where is my card? \", \"label\": \"card_arrival\"}\n\n";
		assertThat(Banking77Dataset.read(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "x"))
			.containsExactly(new Banking77Dataset.Example("Where is my card?", "card_arrival"));
	}

}
