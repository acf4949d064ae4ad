package dev.taskapp.tunnel.cloudflare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OutputTail}.
 */
class OutputTailTests {

	@Test
	void onlyTheNewestLinesAreKept() {
		OutputTail tail = new OutputTail(3);
		for (int i = 1; i <= 5; i++) {
			tail.add("line " + i);
		}
		assertThat(tail.lines()).containsExactly("line 3", "line 4", "line 5");
		assertThat(tail.last(2)).isEqualTo("line 4\nline 5");
		assertThat(tail.last(10)).isEqualTo("line 3\nline 4\nline 5");
	}

	@Test
	void emptyTailSaysThereWasNoOutput() {
		assertThat(new OutputTail(1).last(20)).isEqualTo("(no output)");
	}

}
