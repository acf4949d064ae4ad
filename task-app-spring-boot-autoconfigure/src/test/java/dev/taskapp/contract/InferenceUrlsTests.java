package dev.taskapp.contract;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link InferenceUrls}.
 */
class InferenceUrlsTests {

	// ---------------------------------------------------------------------------------------
	// chatCompletionsUrl
	// ---------------------------------------------------------------------------------------

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			# the contract's own example (polyglot apps): path inserted before the query string
			https://host/v1?cid=x                                   | https://host/v1/chat/completions?cid=x
			https://host/v1/?cid=x                                  | https://host/v1/chat/completions?cid=x
			# Synth trial base URL: /v1/<trial> only gets /chat/completions (SDK Rust port, polyglot apps)
			https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123   | https://api.usesynth.ai/v1/trial-xyz/chat/completions?cid=trace_abc123
			https://api.usesynth.ai/v1/trial-xyz/trace_abc123       | https://api.usesynth.ai/v1/trial-xyz/trace_abc123/chat/completions
			https://api.usesynth.ai/v1/trial-xyz/                   | https://api.usesynth.ai/v1/trial-xyz/chat/completions
			""")
	void pathIsInsertedBeforeTheQueryString(String inferenceUrl, String expected) {
		assertThat(InferenceUrls.chatCompletionsUrl(inferenceUrl)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			# already a completions endpoint: kept
			https://api.openai.com/v1/chat/completions              | https://api.openai.com/v1/chat/completions
			https://api.groq.com/openai/v1/chat/completions         | https://api.groq.com/openai/v1/chat/completions
			https://host/custom/chat/completions?cid=trace_1        | https://host/custom/chat/completions?cid=trace_1
			# .../v1: /chat/completions appended
			https://api.openai.com/v1                               | https://api.openai.com/v1/chat/completions
			https://api.groq.com/openai/v1                          | https://api.groq.com/openai/v1/chat/completions
			# .../chat: /completions appended
			https://host/openai/chat                                | https://host/openai/chat/completions
			https://host/v1/chat                                    | https://host/v1/chat/completions
			# otherwise: /v1/chat/completions appended
			https://api.groq.com                                    | https://api.groq.com/v1/chat/completions
			https://api.groq.com/                                   | https://api.groq.com/v1/chat/completions
			https://modal.host?cid=trace_123                        | https://modal.host/v1/chat/completions?cid=trace_123
			https://host/proxy                                      | https://host/proxy/v1/chat/completions
			https://host/V1                                         | https://host/V1/v1/chat/completions
			""")
	void pathIsCompletedLikeTheSdkNormalisation(String inferenceUrl, String expected) {
		assertThat(InferenceUrls.chatCompletionsUrl(inferenceUrl)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			https://host/v1/                                        | https://host/v1/chat/completions
			https://host/v1///                                      | https://host/v1/chat/completions
			https://host/v1/chat/completions/                       | https://host/v1/chat/completions
			https://host/v1/chat/                                   | https://host/v1/chat/completions
			https://host/v1/?cid=trace_1&x=y                        | https://host/v1/chat/completions?cid=trace_1&x=y
			""")
	void trailingSlashIsStrippedFromThePath(String inferenceUrl, String expected) {
		assertThat(InferenceUrls.chatCompletionsUrl(inferenceUrl)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			https://host?cid=trace/v1/chat/completions                      | https://host/v1/chat/completions?cid=trace
			https://host/?cid=trace/v1/chat/completions                     | https://host/v1/chat/completions?cid=trace
			https://host?cid=trace_1/v1/chat/completions&foo=bar            | https://host/v1/chat/completions?cid=trace_1&foo=bar
			https://host?cid=trace_1/v1/chat/completions?foo=bar            | https://host/v1/chat/completions?cid=trace_1&foo=bar
			https://host/api?cid=trace_1/v1                                 | https://host/api/v1/chat/completions?cid=trace_1
			https://host/v1?cid=trace_1/chat/completions                    | https://host/v1/chat/completions?cid=trace_1
			https://host?cid=trace_1/v1/chat/completions/                   | https://host/v1/chat/completions?cid=trace_1
			https://host?cid=trace_1/                                       | https://host/v1/chat/completions?cid=trace_1
			https://host?/v1/chat/completions                               | https://host/v1/chat/completions
			https://host?cid=trace_1/v1/chat/completions&next=/x            | https://host/v1/chat/completions?cid=trace_1&next=
			""")
	void malformedUrlWithThePathInTheQueryIsRepaired(String inferenceUrl, String expected) {
		assertThat(InferenceUrls.chatCompletionsUrl(inferenceUrl)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			# several query parameters, kept in order
			https://host/v1?cid=trace_1&model=gpt-4o&x=y            | https://host/v1/chat/completions?cid=trace_1&model=gpt-4o&x=y
			# fragments are dropped: they are never sent to a server
			https://host/v1?cid=trace_1#frag                        | https://host/v1/chat/completions?cid=trace_1
			https://host/v1#section                                 | https://host/v1/chat/completions
			https://host#frag?cid=x                                 | https://host/v1/chat/completions
			# ports, IPv6, user info, docker-style host names
			http://localhost:8000/v1?cid=trace_1                    | http://localhost:8000/v1/chat/completions?cid=trace_1
			http://127.0.0.1:8080                                   | http://127.0.0.1:8080/v1/chat/completions
			http://[::1]:8080/v1                                    | http://[::1]:8080/v1/chat/completions
			https://user:secret@host/v1                             | https://user:secret@host/v1/chat/completions
			http://llm_proxy:8000/v1                                | http://llm_proxy:8000/v1/chat/completions
			# URL-encoded values are kept as they are; an encoded slash is not a path
			https://host/v1?cid=trace%2Fabc%20def&q=a+b             | https://host/v1/chat/completions?cid=trace%2Fabc%20def&q=a+b
			https://host/v1/trial%20x?cid=trace_1                   | https://host/v1/trial%20x/chat/completions?cid=trace_1
			# scheme is case-insensitive and lower-cased; host and path are kept
			HTTPS://Api.Example.COM/v1                              | https://Api.Example.COM/v1/chat/completions
			Http://host?cid=trace_1                                 | http://host/v1/chat/completions?cid=trace_1
			# surrounding whitespace is ignored
			'  https://host/v1?cid=trace_1  '                       | https://host/v1/chat/completions?cid=trace_1
			# an empty query is dropped
			https://host/v1?                                        | https://host/v1/chat/completions
			""")
	void unusualButValidUrlsAreHandled(String inferenceUrl, String expected) {
		assertThat(InferenceUrls.chatCompletionsUrl(inferenceUrl)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://host/v1?cid=x", "https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123",
			"https://host?cid=trace/v1/chat/completions", "https://api.groq.com", " https://host/proxy/ ",
			"HTTP://localhost:8000/v1/trial/trace_1?cid=trace_2#f",
			"https://host/v1/trial/trace_path/chat/completions?cid=trace_query", "https://host/v1?trace=%20t%41 ",
			"https://host/eval_a/v1/chat/completions", "https://host/v1?cid=&trace_correlation_id=trace_b" })
	void endpointReadsTheUrlAndTheCorrelationIdAsTheirOwnMethodsDo(String inferenceUrl) {
		InferenceUrls.Endpoint endpoint = InferenceUrls.endpoint(inferenceUrl);
		assertThat(endpoint.chatCompletionsUri()).isEqualTo(InferenceUrls.chatCompletionsUri(inferenceUrl));
		assertThat(endpoint.correlationId()).isEqualTo(InferenceUrls.correlationId(inferenceUrl));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://host/v1?cid=x", "https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123",
			"https://host?cid=trace/v1/chat/completions", "https://api.groq.com", "https://host/openai/chat",
			"https://host/proxy/", "HTTP://localhost:8000/v1/trial/trace_1?cid=trace_2#f" })
	void normalisingTwiceGivesTheSameUrl(String inferenceUrl) {
		String once = InferenceUrls.chatCompletionsUrl(inferenceUrl);
		assertThat(InferenceUrls.chatCompletionsUrl(once)).isEqualTo(once);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "\t", " \n " })
	void blankUrlIsRejectedWithAClearMessage(String inferenceUrl) {
		assertThatIllegalArgumentException().isThrownBy(() -> InferenceUrls.chatCompletionsUrl(inferenceUrl))
			.withMessage("inference_url must not be blank");
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			not a url                          | not an absolute URL
			host/v1                            | not an absolute URL
			/v1/chat/completions               | not an absolute URL
			://host/v1                         | not an absolute URL
			ftp://host/v1                      | scheme must be http or https
			mailto://someone@example.com       | scheme must be http or https
			https://                           | has no host
			https:///v1                        | has no host
			https://user@/v1                   | has no host
			https://host:abc/v1                | port 'abc' is not a number
			http://[::1/v1                     | IPv6 host is not closed
			https://host/v1 with spaces        | is not a valid URL
			https://host/v1?cid=a b            | is not a valid URL
			https://host/v{1}                  | is not a valid URL
			""")
	void unparseableUrlIsRejectedWithAClearMessage(String inferenceUrl, String reason) {
		assertThatIllegalArgumentException().isThrownBy(() -> InferenceUrls.chatCompletionsUrl(inferenceUrl))
			.withMessageStartingWith("inference_url '" + inferenceUrl + "' is not a valid URL")
			.withMessageContaining(reason);
	}

	// ---------------------------------------------------------------------------------------
	// correlationId
	// ---------------------------------------------------------------------------------------

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			https://api.usesynth.ai/v1/trial-xyz/trace_abc123/chat/completions           | trace_abc123
			https://api.usesynth.ai/v1/trial-xyz/cid_42/chat/completions                 | cid_42
			https://api.usesynth.ai/v1/trial-xyz/eval_7/chat/completions                 | eval_7
			https://api.usesynth.ai/v1/trial-xyz/trace_abc123/chat/completions/          | trace_abc123
			# it wins over an earlier prefixed segment and over the query
			https://host/trace_first/v1/trace_second/chat/completions                    | trace_second
			https://host/v1/trial/trace_path/chat/completions?cid=trace_query            | trace_path
			# works with ports, upper-case schemes, bare paths and URLs without a scheme
			http://localhost:8000/v1/trial/trace_z/chat/completions                      | trace_z
			HTTPS://HOST/v1/trial/trace_z/chat/completions                               | trace_z
			/v1/trial/trace_z/chat/completions                                           | trace_z
			api.usesynth.ai/v1/trial/trace_z/chat/completions                            | trace_z
			""")
	void correlationIdIsThePathSegmentBeforeChatCompletions(String inferenceUrl, String expected) {
		assertThat(InferenceUrls.correlationId(inferenceUrl)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			https://api.usesynth.ai/v1/trial-xyz/trace_abc123                            | trace_abc123
			https://host/v1/trace_abc/trial                                              | trace_abc
			https://host/trace_a/cid_b/other                                             | cid_b
			https://host/eval_a/v1/chat/completions                                      | eval_a
			https://host/v1/trace_a/chat/completions?cid=trace_query                     | trace_a
			https://host/trace_path/v1?cid=trace_query                                   | trace_path
			# the bare prefix counts, as in the SDK
			https://host/v1/trace_                                                       | trace_
			""")
	void correlationIdFallsBackToTheLastPrefixedPathSegment(String inferenceUrl, String expected) {
		assertThat(InferenceUrls.correlationId(inferenceUrl)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			# cid
			https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123                        | trace_abc123
			https://host/v1/chat/completions?model=gpt&cid=abc&x=y                       | abc
			# trace_correlation_id
			https://host/v1?trace_correlation_id=tc_1                                    | tc_1
			# trace
			https://host/v1?trace=t_1                                                    | t_1
			# priority cid > trace_correlation_id > trace, whatever the order in the query
			https://host/v1?trace=t&trace_correlation_id=tc&cid=c                        | c
			https://host/v1?trace=t&trace_correlation_id=tc                              | tc
			# the first non-empty value of a key is taken
			https://host/v1?cid=first&cid=second                                         | first
			# values are URL-decoded and trimmed
			https://host/v1?cid=trace%5Fa%2Fb                                            | trace_a/b
			https://host/v1?cid=a+b                                                      | a b
			https://host/v1?cid=%20trace_x%20                                            | trace_x
			https://host/v1?c%69d=trace_encoded_key                                      | trace_encoded_key
			https://host/v1?cid=100%25                                                   | 100%
			https://host/v1?cid=bad%zzescape                                             | bad%zzescape
			# the fragment is not part of the query
			https://host/v1?cid=trace_1#frag                                             | trace_1
			# the malformed form is repaired before the query is read
			https://host?cid=trace_abc/v1/chat/completions                               | trace_abc
			https://host?cid=trace_abc/v1/chat/completions&trace=t                       | trace_abc
			""")
	void correlationIdFallsBackToTheQueryParameters(String inferenceUrl, String expected) {
		assertThat(InferenceUrls.correlationId(inferenceUrl)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			https://host/v1?cid=&trace_correlation_id=tc                                 | tc
			https://host/v1?cid=%20%20&trace=t                                           | t
			https://host/v1?cid=+&cid=second                                             | second
			https://host/v1?cid&trace=t                                                  | t
			https://host/v1?cid=&trace_correlation_id=&trace=last                        | last
			""")
	void emptyQueryValuesAreSkipped(String inferenceUrl, String expected) {
		assertThat(InferenceUrls.correlationId(inferenceUrl)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://api.openai.com/v1/chat/completions", "https://host/v1?model=gpt-4o",
			"https://host/v1/chat/completions?cid=", "https://host/v1?cid=&trace_correlation_id=%20&trace=",
			"https://host/v1?cid", "https://host/v1/TRACE_abc/chat/completions", "https://host/v1/mytrace_abc",
			"https://trace_host/v1", "https://host/v1#cid=trace_in_fragment", "https://host/v1?xcid=trace_1",
			"not a url" })
	void correlationIdIsNullWhenTheUrlCarriesNone(String inferenceUrl) {
		assertThat(InferenceUrls.correlationId(inferenceUrl)).isNull();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "\t" })
	void correlationIdIsNullForNullOrBlankInput(String inferenceUrl) {
		assertThat(InferenceUrls.correlationId(inferenceUrl)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123",
			"https://api.usesynth.ai/v1/trial-xyz/trace_abc123", "https://host/trace_x/proxy",
			"https://host?cid=trace_abc/v1/chat/completions", "https://host/v1?trace=t&trace_correlation_id=tc",
			"https://host/v1" })
	void correlationIdSurvivesBuildingTheEndpoint(String inferenceUrl) {
		assertThat(InferenceUrls.correlationId(InferenceUrls.chatCompletionsUrl(inferenceUrl)))
			.isEqualTo(InferenceUrls.correlationId(inferenceUrl));
	}

	// ---------------------------------------------------------------------------------------
	// inferenceUrlOf
	// ---------------------------------------------------------------------------------------

	@ParameterizedTest(name = "{0}")
	@MethodSource("policyConfigs")
	void inferenceUrlIsTheFirstNonBlankStringOfInferenceUrlApiBaseAndBaseUrl(String description,
			Map<String, ?> policyConfig, String expected) {
		assertThat(InferenceUrls.inferenceUrlOf(policyConfig)).as(description).isEqualTo(expected);
	}

	static Stream<Arguments> policyConfigs() {
		return Stream.of(
				Arguments.of("inference_url wins", config("inference_url", "https://a/v1", "api_base", "https://b/v1",
						"base_url", "https://c/v1"), "https://a/v1"),
				Arguments.of("api_base comes second", config("api_base", "https://b/v1", "base_url", "https://c/v1"),
						"https://b/v1"),
				Arguments.of("base_url comes last", config("base_url", "https://c/v1", "model", "gpt-4o"),
						"https://c/v1"),
				Arguments.of("blank inference_url is skipped", config("inference_url", "   ", "api_base", "https://b/v1"),
						"https://b/v1"),
				Arguments.of("empty inference_url is skipped", config("inference_url", "", "base_url", "https://c/v1"),
						"https://c/v1"),
				Arguments.of("null inference_url is skipped", config("inference_url", null, "api_base", "https://b/v1"),
						"https://b/v1"),
				Arguments.of("non-string inference_url is skipped",
						config("inference_url", 42, "api_base", Map.of("url", "x"), "base_url", "https://c/v1"),
						"https://c/v1"),
				Arguments.of("value is trimmed", config("inference_url", "  https://a/v1?cid=trace_1\n"),
						"https://a/v1?cid=trace_1"),
				Arguments.of("other keys are ignored", config("url", "https://x/v1", "endpoint", "https://y/v1"), null),
				Arguments.of("all blank gives null", config("inference_url", " ", "api_base", "", "base_url", "\t"),
						null),
				Arguments.of("empty config gives null", config(), null));
	}

	@Test
	void inferenceUrlOfAcceptsImmutableMaps() {
		assertThat(InferenceUrls.inferenceUrlOf(Map.of("base_url", "https://c/v1"))).isEqualTo("https://c/v1");
		assertThat(InferenceUrls.inferenceUrlOf(Map.of())).isNull();
	}

	@Test
	void inferenceUrlOfRejectsANullConfig() {
		assertThatNullPointerException().isThrownBy(() -> InferenceUrls.inferenceUrlOf(null))
			.withMessageContaining("policyConfig");
	}

	private static Map<String, Object> config(Object... keysAndValues) {
		Map<String, Object> map = new HashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
