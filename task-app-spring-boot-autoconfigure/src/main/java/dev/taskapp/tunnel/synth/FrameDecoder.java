package dev.taskapp.tunnel.synth;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the relay's JSON text frames. Optional fields take the reference agent's defaults
 * ({@code GET}, {@code /}, empty query); a frame that is not JSON, has no type or lacks its
 * request id is a {@link MalformedFrameException}; a type this agent does not know is an
 * {@link InboundFrame.Unknown}.
 */
final class FrameDecoder {

	private static final Base64.Decoder BASE64 = Base64.getDecoder();

	private static final byte[] EMPTY = new byte[0];

	/**
	 * Decodes a text frame's payload.
	 * @param content the UTF-8 JSON payload; not released
	 * @return the frame
	 * @throws MalformedFrameException if the frame cannot be read
	 */
	InboundFrame decode(ByteBuf content) {
		JsonNode root;
		try {
			root = TaskAppJson.mapper().readTree(new ByteBufInputStream(content.duplicate()));
		}
		catch (JacksonException ex) {
			throw new MalformedFrameException("not JSON");
		}
		if (root == null || !root.isObject()) {
			throw new MalformedFrameException("not a JSON object");
		}
		String type = text(root, "type");
		if (type == null) {
			throw new MalformedFrameException("no type");
		}
		return switch (type) {
			case "ATTACH_ACK" -> new InboundFrame.AttachAck(optionalIds(root.path("accepted_leases")),
					ids(root.path("rejected_leases")));
			case "REQ_HEADERS" -> requestHeaders(root);
			case "REQ_BODY" -> new InboundFrame.RequestBody(rid(root, type), chunk(root));
			case "REQ_END" -> new InboundFrame.RequestEnd(rid(root, type));
			case "CANCEL" -> new InboundFrame.Cancel(rid(root, type));
			default -> new InboundFrame.Unknown(type);
		};
	}

	private InboundFrame.RequestHeaders requestHeaders(JsonNode root) {
		String rid = rid(root, "REQ_HEADERS");
		String method = text(root, "method");
		String path = text(root, "path");
		String query = text(root, "query");
		JsonNode deadline = root.path("deadline_ms");
		Long deadlineMillis = (deadline.isNumber() && deadline.canConvertToLong() && deadline.asLong() > 0)
				? deadline.asLong() : null;
		return new InboundFrame.RequestHeaders(text(root, "lease_id"), rid,
				(method != null) ? method.toUpperCase(Locale.ROOT) : "GET", normalizePath(path),
				(query != null) ? query : "", headers(root.path("headers")), deadlineMillis);
	}

	private static String normalizePath(@Nullable String path) {
		if (path == null) {
			return "/";
		}
		return path.startsWith("/") ? path : "/" + path;
	}

	private static List<Map.Entry<String, String>> headers(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return List.of();
		}
		List<Map.Entry<String, String>> headers = new ArrayList<>(node.size());
		if (node.isArray()) {
			for (JsonNode pair : node.values()) {
				if (!pair.isArray() || pair.size() < 2) {
					throw new MalformedFrameException("a header is not a [name, value] pair");
				}
				add(headers, pair.get(0), pair.get(1));
			}
			return headers;
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				headers.add(Map.entry(entry.getKey(), entry.getValue().asString("")));
			}
			return headers;
		}
		throw new MalformedFrameException("headers are neither pairs nor an object");
	}

	private static void add(List<Map.Entry<String, String>> headers, JsonNode name, JsonNode value) {
		String headerName = name.asString("");
		if (!headerName.isEmpty()) {
			headers.add(Map.entry(headerName, value.isNull() ? "" : value.asString("")));
		}
	}

	private static byte[] chunk(JsonNode root) {
		String chunk = text(root, "chunk_b64");
		if (chunk == null) {
			return EMPTY;
		}
		try {
			return BASE64.decode(chunk);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedFrameException("chunk_b64 is not base64");
		}
	}

	private static String rid(JsonNode root, String type) {
		String rid = text(root, "rid");
		if (rid == null) {
			throw new MalformedFrameException(type + " without rid");
		}
		return rid;
	}

	private static @Nullable List<String> optionalIds(JsonNode node) {
		return node.isArray() ? ids(node) : null;
	}

	private static List<String> ids(JsonNode node) {
		if (!node.isArray()) {
			return List.of();
		}
		List<String> ids = new ArrayList<>(node.size());
		for (JsonNode id : node.values()) {
			if (id.isObject()) {
				String leaseId = text(id, "lease_id");
				if (leaseId != null) {
					ids.add(leaseId);
				}
			}
			else if (id.isString() || id.isNumber()) {
				ids.add(id.asString());
			}
		}
		return ids;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (value.isString() || value.isNumber()) {
			String text = value.asString();
			return text.isEmpty() ? null : text;
		}
		return null;
	}

}
