package dev.taskapp.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RepeatedStrings}.
 */
class RepeatedStringsTests {

	private final RepeatedStrings strings = new RepeatedStrings();

	@Test
	void aStringReadAgainIsTheOneKeptBefore() {
		String first = new String("You are a banking assistant.");
		String again = new String("You are a banking assistant.");
		assertThat(this.strings.share(first)).isSameAs(first);
		assertThat(this.strings.share(again)).isSameAs(first);
	}

	@Test
	void aStringTakesOverTheSlotOfAnotherOne() {
		String[] collision = collidingPair();
		assertThat(this.strings.share(collision[0])).isSameAs(collision[0]);
		assertThat(this.strings.share(collision[1])).isSameAs(collision[1]);
		String again = new String(collision[1]);
		assertThat(this.strings.share(again)).isSameAs(collision[1]);
	}

	@Test
	void longStringsAreNotKept() {
		String longText = "x".repeat(RepeatedStrings.MAX_LENGTH + 1);
		this.strings.share(longText);
		String again = new String(longText);
		assertThat(this.strings.share(again)).isSameAs(again);
	}

	private static String[] collidingPair() {
		String first = "key0";
		for (int i = 1;; i++) {
			String other = "key" + i;
			if (slot(other) == slot(first)) {
				return new String[] { first, other };
			}
		}
	}

	private static int slot(String text) {
		int hash = text.hashCode();
		return (hash ^ (hash >>> 16)) & (RepeatedStrings.SLOTS - 1);
	}

}
