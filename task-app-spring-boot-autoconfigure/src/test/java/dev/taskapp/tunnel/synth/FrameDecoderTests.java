package dev.taskapp.tunnel.synth;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link FrameDecoder}: the relay's frames, their defaults and what counts as malformed.
 */
class FrameDecoderTests {

	private final FrameDecoder decoder = new FrameDecoder();

	@Test
	void requestHeadersAreReadWithEveryField() {
		InboundFrame frame = decode("{\"type\": \"REQ_HEADERS\", \"lease_id\": \"l1\", \"rid\": \"r1\", \"method\": \"post\", "
				+ "\"path\": \"/rollout\", \"query\": \"a=1\", \"headers\": [[\"X-A\", \"1\"], [\"X-A\", \"2\"]], "
				+ "\"deadline_ms\": 1500}");
		assertThat(frame).isEqualTo(new InboundFrame.RequestHeaders("l1", "r1", "POST", "/rollout", "a=1",
				java.util.List.of(Map.entry("X-A", "1"), Map.entry("X-A", "2")), 1500L));
	}

	@Test
	void requestHeadersTakeTheReferenceDefaults() {
		InboundFrame.RequestHeaders frame = (InboundFrame.RequestHeaders) decode(
				"{\"type\": \"REQ_HEADERS\", \"rid\": \"r1\"}");
		assertThat(frame.method()).isEqualTo("GET");
		assertThat(frame.path()).isEqualTo("/");
		assertThat(frame.query()).isEmpty();
		assertThat(frame.headers()).isEmpty();
		assertThat(frame.deadlineMillis()).isNull();
		assertThat(frame.leaseId()).isNull();
	}

	@Test
	void pathWithoutLeadingSlashGetsOne() {
		InboundFrame.RequestHeaders frame = (InboundFrame.RequestHeaders) decode(
				"{\"type\": \"REQ_HEADERS\", \"rid\": \"r1\", \"path\": \"health\"}");
		assertThat(frame.path()).isEqualTo("/health");
	}

	@Test
	void headersGivenAsAnObjectAreAccepted() {
		InboundFrame.RequestHeaders frame = (InboundFrame.RequestHeaders) decode(
				"{\"type\": \"REQ_HEADERS\", \"rid\": \"r1\", \"headers\": {\"X-A\": \"1\"}}");
		assertThat(frame.headers()).containsExactly(Map.entry("X-A", "1"));
	}

	@Test
	void requestBodyIsDecodedFromBase64() {
		InboundFrame.RequestBody frame = (InboundFrame.RequestBody) decode(
				"{\"type\": \"REQ_BODY\", \"rid\": \"r1\", \"chunk_b64\": \"aGVsbG8=\"}");
		assertThat(frame.rid()).isEqualTo("r1");
		assertThat(new String(frame.chunk(), StandardCharsets.UTF_8)).isEqualTo("hello");
	}

	@Test
	void endCancelAndAttachAckAreRead() {
		assertThat(decode("{\"type\": \"REQ_END\", \"rid\": \"r1\"}")).isEqualTo(new InboundFrame.RequestEnd("r1"));
		assertThat(decode("{\"type\": \"CANCEL\", \"rid\": \"r1\"}")).isEqualTo(new InboundFrame.Cancel("r1"));
		InboundFrame.AttachAck ack = (InboundFrame.AttachAck) decode(
				"{\"type\": \"ATTACH_ACK\", \"agent_id\": \"a\", \"accepted_leases\": [\"l1\"], \"rejected_leases\": [\"l2\"]}");
		assertThat(ack.accepts("l1")).isTrue();
		assertThat(ack.accepts("l2")).isFalse();
	}

	@Test
	void attachAckWithoutLeaseListsAcceptsEveryLease() {
		InboundFrame.AttachAck ack = (InboundFrame.AttachAck) decode("{\"type\": \"ATTACH_ACK\"}");
		assertThat(ack.accepts("l1")).isTrue();
	}

	@Test
	void attachAckMayListLeasesAsObjects() {
		InboundFrame.AttachAck ack = (InboundFrame.AttachAck) decode(
				"{\"type\": \"ATTACH_ACK\", \"accepted_leases\": [{\"lease_id\": \"l1\"}]}");
		assertThat(ack.accepts("l1")).isTrue();
	}

	@Test
	void unknownTypeIsKeptAsUnknown() {
		assertThat(decode("{\"type\": \"PING_V2\"}")).isEqualTo(new InboundFrame.Unknown("PING_V2"));
	}

	@Test
	void malformedFramesAreRejectedWithoutTheirContent() {
		assertMalformed("{not json secret-value", "not JSON");
		assertMalformed("[\"secret-value\"]", "not a JSON object");
		assertMalformed("{\"rid\": \"secret-value\"}", "no type");
		assertMalformed("{\"type\": \"REQ_END\"}", "REQ_END without rid");
		assertMalformed("{\"type\": \"REQ_BODY\", \"rid\": \"r\", \"chunk_b64\": \"secret-value!\"}", "not base64");
		assertMalformed("{\"type\": \"REQ_HEADERS\", \"rid\": \"r\", \"headers\": [[\"only-name\"]]}", "pair");
	}

	private void assertMalformed(String json, String reason) {
		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> decode(json))
			.withMessageContaining(reason)
			.withMessageNotContaining("secret-value");
	}

	private InboundFrame decode(String json) {
		return this.decoder.decode(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
	}

}
