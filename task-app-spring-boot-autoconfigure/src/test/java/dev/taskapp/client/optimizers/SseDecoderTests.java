package dev.taskapp.client.optimizers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SseDecoder}.
 */
class SseDecoderTests {

	@Test
	void eventSplitAcrossChunksInsideACharacterIsDecodedWhole() {
		byte[] stream = "data: {\"msg\": \"café\"}\r\n\r\n".getBytes(StandardCharsets.UTF_8);
		int split = new String(stream, StandardCharsets.UTF_8).indexOf('é') + 1;
		SseDecoder decoder = new SseDecoder();
		List<String> events = new ArrayList<>(decoder.feed(Arrays.copyOfRange(stream, 0, split)));
		assertThat(events).isEmpty();
		events.addAll(decoder.feed(Arrays.copyOfRange(stream, split, stream.length)));
		assertThat(events).containsExactly("{\"msg\": \"café\"}");
	}

	@Test
	void commentsAndOtherFieldsAreIgnoredAndDataLinesJoined() {
		SseDecoder decoder = new SseDecoder();
		List<String> events = decoder
			.feed(": ping\n\nevent: x\nid: 4\ndata: {\"a\":\ndata: 1}\n\n".getBytes(StandardCharsets.UTF_8));
		assertThat(events).containsExactly("{\"a\":\n1}");
	}

	@Test
	void eventWithoutTrailingBlankLineIsReadWhenTheStreamEnds() {
		SseDecoder decoder = new SseDecoder();
		assertThat(decoder.feed("data: {\"seq\": 9}".getBytes(StandardCharsets.UTF_8))).isEmpty();
		assertThat(decoder.finish()).containsExactly("{\"seq\": 9}");
	}

}
