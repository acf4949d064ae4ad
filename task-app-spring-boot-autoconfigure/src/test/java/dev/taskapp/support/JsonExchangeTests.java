package dev.taskapp.support;

import java.io.IOException;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link JsonExchange}.
 */
class JsonExchangeTests {

	@Test
	void anUnresolvedHostIsDescribedAsSuch() {
		assertThat(JsonExchange.describeFailure(new UnknownHostException("backend.invalid")))
			.isEqualTo("failed to resolve backend.invalid");
	}

	@Test
	void anUnresolvedHostWhoseMessageSaysSoIsNotDescribedTwice() {
		assertThat(JsonExchange.describeFailure(new UnknownHostException("Failed to resolve 'backend.invalid'")))
			.isEqualTo("Failed to resolve 'backend.invalid'");
	}

	@Test
	void aFailureIsDescribedByItsMessageWithoutSurroundingSpace() {
		assertThat(JsonExchange.describeFailure(new IOException(" Connection reset by peer \n")))
			.isEqualTo("Connection reset by peer");
	}

	@Test
	void aFailureWithoutMessageIsDescribedByItsType() {
		assertThat(JsonExchange.describeFailure(new IOException("  "))).isEqualTo("IOException");
		assertThat(JsonExchange.describeFailure(new IllegalStateException())).isEqualTo("IllegalStateException");
	}

}
