package dev.taskapp.tunnel.synth;

import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LocalRequestHeaders}: what the local server sees of a public request's headers.
 */
class LocalRequestHeadersTests {

	@Test
	void singleKeyAddsNoKeyList() {
		HttpHeaders headers = apply(List.of("k1"), List.of(), "GET", false);
		assertThat(headers.get("X-API-Key")).isEqualTo("k1");
		assertThat(headers.contains("X-API-Keys")).isFalse();
		assertThat(headers.get("Authorization")).isEqualTo("Bearer k1");
	}

	@Test
	void noKeysAddNoAuthHeaders() {
		HttpHeaders headers = apply(List.of(), List.of(), "GET", false);
		assertThat(headers.contains("X-API-Key")).isFalse();
		assertThat(headers.contains("Authorization")).isFalse();
		assertThat(headers.get("x-forwarded-proto")).isEqualTo("https");
	}

	@Test
	void contentLengthIsKeptOnlyWithABody() {
		List<Map.Entry<String, String>> incoming = List.of(Map.entry("Content-Length", "42"));
		assertThat(apply(List.of(), incoming, "POST", true).get("Content-Length")).isEqualTo("42");
		assertThat(apply(List.of(), incoming, "POST", false).get("Content-Length")).isEqualTo("0");
		assertThat(apply(List.of(), incoming, "GET", false).contains("Content-Length")).isFalse();
	}

	@Test
	void transferEncodingIsNeverForwarded() {
		HttpHeaders headers = apply(List.of(), List.of(Map.entry("Transfer-Encoding", "chunked")), "POST", true);
		assertThat(headers.contains("Transfer-Encoding")).isFalse();
	}

	@Test
	void invalidHeaderNamesAreSkipped() {
		HttpHeaders headers = apply(List.of(), List.of(Map.entry("Bad Name", "x"), Map.entry("X-Ok", "1")), "GET",
				false);
		assertThat(headers.get("X-Ok")).isEqualTo("1");
		assertThat(headers.contains("Bad Name")).isFalse();
	}

	private static HttpHeaders apply(List<String> keys, List<Map.Entry<String, String>> incoming, String method,
			boolean hasBody) {
		HttpHeaders target = new DefaultHttpHeaders();
		InboundFrame.RequestHeaders request = new InboundFrame.RequestHeaders("l1", "r1", method, "/", "", incoming,
				null);
		new LocalRequestHeaders(keys).apply(target, request, "l1", hasBody);
		return target;
	}

}
