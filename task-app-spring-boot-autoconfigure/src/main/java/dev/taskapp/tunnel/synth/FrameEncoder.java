package dev.taskapp.tunnel.synth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * Writes the agent's JSON text frames. A {@code RESP_BODY} frame is assembled around the
 * base64 text without building a string of it.
 */
final class FrameEncoder {

	/** Largest body piece in one frame, as announced in {@code ATTACH}. */
	static final int MAX_BODY_CHUNK_BYTES = 65_536;

	private static final Base64.Encoder BASE64 = Base64.getEncoder();

	private static final byte[] BODY_SUFFIX = "\",\"eof\":false}".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Returns the {@code ATTACH} frame.
	 * @param agentId the client instance id
	 * @param leaseId the lease served
	 * @param localHost the local server's host
	 * @param localPort the local server's port
	 * @param maxInflight most requests served at once
	 * @return the frame
	 */
	TextWebSocketFrame attach(String agentId, String leaseId, String localHost, int localPort, int maxInflight) {
		Map<String, Object> capabilities = new LinkedHashMap<>();
		capabilities.put("streaming", true);
		capabilities.put("max_inflight", maxInflight);
		capabilities.put("max_body_chunk_bytes", MAX_BODY_CHUNK_BYTES);
		capabilities.put("supports_cancel", true);
		Map<String, Object> frame = new LinkedHashMap<>();
		frame.put("type", "ATTACH");
		frame.put("agent_id", agentId);
		frame.put("leases",
				List.of(Map.of("lease_id", leaseId, "local_target", Map.of("host", localHost, "port", localPort))));
		frame.put("capabilities", capabilities);
		return json(frame);
	}

	/**
	 * Returns a {@code RESP_HEADERS} frame.
	 * @param leaseId the lease
	 * @param rid the request id
	 * @param status the HTTP status
	 * @param headers the response headers, repeated names kept
	 * @return the frame
	 */
	TextWebSocketFrame responseHeaders(String leaseId, String rid, int status, List<List<String>> headers) {
		Map<String, Object> frame = new LinkedHashMap<>();
		frame.put("type", "RESP_HEADERS");
		frame.put("lease_id", leaseId);
		frame.put("rid", rid);
		frame.put("status", status);
		frame.put("headers", headers);
		return json(frame);
	}

	/**
	 * Returns a {@code RESP_BODY} frame carrying up to {@value #MAX_BODY_CHUNK_BYTES} bytes.
	 * @param leaseId the lease
	 * @param rid the request id
	 * @param chunk the bytes; read but not released
	 * @return the frame
	 */
	TextWebSocketFrame responseBody(String leaseId, String rid, ByteBuf chunk) {
		ByteBuffer encoded = BASE64.encode(chunk.nioBuffer());
		byte[] prefix = ("{\"type\":\"RESP_BODY\",\"lease_id\":" + quote(leaseId) + ",\"rid\":" + quote(rid)
				+ ",\"chunk_b64\":\"")
			.getBytes(StandardCharsets.UTF_8);
		return new TextWebSocketFrame(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(prefix),
				Unpooled.wrappedBuffer(encoded), Unpooled.wrappedBuffer(BODY_SUFFIX)));
	}

	/**
	 * Returns a {@code RESP_END} frame.
	 * @param leaseId the lease
	 * @param rid the request id
	 * @return the frame
	 */
	TextWebSocketFrame responseEnd(String leaseId, String rid) {
		Map<String, Object> frame = new LinkedHashMap<>();
		frame.put("type", "RESP_END");
		frame.put("lease_id", leaseId);
		frame.put("rid", rid);
		return json(frame);
	}

	/**
	 * Returns a {@code RESP_ERROR} frame.
	 * @param leaseId the lease
	 * @param rid the request id
	 * @param code the error code, such as {@code LOCAL_CONNECT_FAILED}
	 * @param message what happened; never a secret
	 * @return the frame
	 */
	TextWebSocketFrame responseError(String leaseId, String rid, String code, String message) {
		Map<String, Object> frame = new LinkedHashMap<>();
		frame.put("type", "RESP_ERROR");
		frame.put("lease_id", leaseId);
		frame.put("rid", rid);
		frame.put("code", code);
		frame.put("message", message);
		return json(frame);
	}

	private static TextWebSocketFrame json(Map<String, Object> frame) {
		return new TextWebSocketFrame(Unpooled.wrappedBuffer(TaskAppJson.mapper().writeValueAsBytes(frame)));
	}

	private static String quote(String value) {
		return TaskAppJson.mapper().writeValueAsString(value);
	}

}
