package dev.taskapp.client;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link ServerErrorMessage}.
 */
class ServerErrorMessageTests {

	private static final String KEY = "sk_env_0123456789abcdef";

	private final SecretRedactor redactor = new SecretRedactor(List.of(KEY));

	@Test
	void detailStringIsTheMessage() {
		assertThat(extract("{\"detail\": \"Invalid seed: -1\"}")).isEqualTo("Invalid seed: -1");
	}

	@Test
	void detailErrorMessageIsTheMessageWithItsCode() {
		assertThat(extract("{\"detail\":{\"error\":{\"code\":\"unauthorised\",\"message\":\"API key missing or invalid\","
				+ "\"allowed_first15\":[\"" + KEY.substring(0, 15) + "\"]}}}"))
			.isEqualTo("API key missing or invalid (unauthorised)");
	}

	@Test
	void validationErrorsListTheFirstItemsWithTheirLocation() {
		String item = "{\"type\":\"missing\",\"loc\":[\"body\",\"items\",%d],\"msg\":\"Field required\"}";
		String body = "{\"detail\":[" + item.formatted(0) + "," + item.formatted(1) + "," + item.formatted(2) + ","
				+ item.formatted(3) + "," + item.formatted(4) + "]}";
		assertThat(extract(body)).isEqualTo("body.items.0: Field required; body.items.1: Field required; "
				+ "body.items.2: Field required; and 2 more");
	}

	@Test
	void cookbookErrorEnvelopeIsUnderstood() {
		assertThat(extract("{\"error\":{\"code\":\"unauthorised\",\"message\":\"API key missing or invalid\"}}"))
			.isEqualTo("API key missing or invalid (unauthorised)");
	}

	@Test
	void otherBodiesAreCutTo300Characters() {
		assertThat(extract("{\"unexpected\": \"" + "y".repeat(400) + "\"}")).hasSize(300).startsWith("{\"unexpected\"");
		assertThat(extract("Internal Server Error")).isEqualTo("Internal Server Error");
	}

	@Test
	void secretsInTheBodyAreRedacted() {
		assertThat(extract("{\"detail\": \"key " + KEY + " is wrong\"}")).isEqualTo("key *** is wrong");
		assertThat(extract("<p>" + KEY + "</p>")).isEqualTo("<p>***</p>");
	}

	@Test
	void emptyBodyHasNoMessage() {
		assertThat(extract("  ")).isNull();
	}

	private String extract(String body) {
		return ServerErrorMessage.extract(body.getBytes(StandardCharsets.UTF_8), this.redactor);
	}

}
