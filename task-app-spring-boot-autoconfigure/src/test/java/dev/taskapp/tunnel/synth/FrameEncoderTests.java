package dev.taskapp.tunnel.synth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.taskapp.support.TaskAppJson;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FrameEncoder}: the agent's frames as the relay reads them.
 */
class FrameEncoderTests {

	private final FrameEncoder encoder = new FrameEncoder();

	@Test
	void responseBodyIsJsonCarryingTheChunkInBase64() {
		byte[] chunk = LocalApp.patternBytes(65_536);
		JsonNode frame = json(this.encoder.responseBody("lease-\"1\"", "rid-1", Unpooled.wrappedBuffer(chunk)));
		assertThat(frame.path("type").asString()).isEqualTo("RESP_BODY");
		assertThat(frame.path("lease_id").asString()).isEqualTo("lease-\"1\"");
		assertThat(frame.path("rid").asString()).isEqualTo("rid-1");
		assertThat(frame.path("eof").asBoolean(true)).isFalse();
		assertThat(Base64.getDecoder().decode(frame.path("chunk_b64").asString())).isEqualTo(chunk);
	}

	@Test
	void responseHeadersKeepRepeatedNames() {
		JsonNode frame = json(this.encoder.responseHeaders("l", "r", 201,
				List.of(List.of("Set-Cookie", "a=1"), List.of("Set-Cookie", "b=2"))));
		assertThat(frame.path("status").asInt()).isEqualTo(201);
		assertThat(frame.path("headers").toString()).isEqualTo("[[\"Set-Cookie\",\"a=1\"],[\"Set-Cookie\",\"b=2\"]]");
	}

	@Test
	void endAndErrorNameLeaseAndRequest() {
		JsonNode end = json(this.encoder.responseEnd("l", "r"));
		assertThat(end.toString()).isEqualTo("{\"type\":\"RESP_END\",\"lease_id\":\"l\",\"rid\":\"r\"}");
		JsonNode error = json(this.encoder.responseError("l", "r", "LOCAL_CONNECT_FAILED", "refused"));
		assertThat(error.toString()).isEqualTo(
				"{\"type\":\"RESP_ERROR\",\"lease_id\":\"l\",\"rid\":\"r\",\"code\":\"LOCAL_CONNECT_FAILED\",\"message\":\"refused\"}");
	}

	private static JsonNode json(TextWebSocketFrame frame) {
		try {
			return TaskAppJson.mapper().readTree(frame.content().toString(StandardCharsets.UTF_8));
		}
		finally {
			frame.release();
		}
	}

}
