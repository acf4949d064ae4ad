package dev.taskapp.tunnel.synth;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Turns the headers of a public request into those of the local request, as the reference
 * agent does: hop-by-hop headers (and any the {@code Connection} header names) are removed; the
 * task-app key ({@code X-API-Key}, {@code X-API-Keys} when there are several,
 * {@code Authorization: Bearer}) and {@code x-synthtunnel-lease-id},
 * {@code x-synthtunnel-request-id}, {@code x-forwarded-proto: https} are added only where the
 * request has none. {@code Host} is passed on; {@code Content-Length} only with a body;
 * {@code Expect} never, since the body is already on its way.
 */
final class LocalRequestHeaders {

	private static final Log logger = LogFactory.getLog(LocalRequestHeaders.class);

	/** Headers that belong to one connection and are never forwarded. */
	static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade");

	/**
	 * Request headers that ask the next hop to act before the body arrives; the relay already
	 * holds the body, so they are dropped too.
	 */
	private static final Set<String> REQUEST_ONLY = Set.of("expect");

	private final List<String> apiKeys;

	private final String joinedKeys;

	/**
	 * Creates the header rules.
	 * @param apiKeys the task-app keys, the primary one first
	 */
	LocalRequestHeaders(List<String> apiKeys) {
		this.apiKeys = apiKeys.stream().filter((key) -> key != null && !key.isBlank()).distinct().toList();
		this.joinedKeys = String.join(",", this.apiKeys);
	}

	/**
	 * Writes the local request headers.
	 * @param target the local request's headers; those already there (such as the HTTP
	 * client's own {@code Host}) are replaced by forwarded ones of the same name
	 * @param request the public request
	 * @param leaseId the lease it arrived on
	 * @param hasBody whether a body follows
	 */
	void apply(HttpHeaders target, InboundFrame.RequestHeaders request, String leaseId, boolean hasBody) {
		Set<String> dropped = connectionTokens(request.headers());
		Set<String> written = new HashSet<>();
		for (Map.Entry<String, String> header : request.headers()) {
			String name = header.getKey().strip().toLowerCase(Locale.ROOT);
			if (HOP_BY_HOP.contains(name) || REQUEST_ONLY.contains(name) || dropped.contains(name)
					|| (!hasBody && name.equals("content-length"))) {
				continue;
			}
			try {
				if (written.add(name)) {
					target.set(name, header.getValue());
				}
				else {
					target.add(name, header.getValue());
				}
			}
			catch (IllegalArgumentException ex) {
				logger.debug("Skipped a forwarded header that is not valid HTTP");
			}
		}
		if (!this.apiKeys.isEmpty()) {
			setIfAbsent(target, "X-API-Key", this.apiKeys.get(0));
			if (this.apiKeys.size() > 1) {
				setIfAbsent(target, "X-API-Keys", this.joinedKeys);
			}
			setIfAbsent(target, HttpHeaderNames.AUTHORIZATION.toString(), "Bearer " + this.apiKeys.get(0));
		}
		setIfAbsent(target, "x-synthtunnel-lease-id", leaseId);
		setIfAbsent(target, "x-synthtunnel-request-id", request.rid());
		setIfAbsent(target, "x-forwarded-proto", "https");
		if (!hasBody && !target.contains(HttpHeaderNames.CONTENT_LENGTH) && hasBodySemantics(request.method())) {
			target.set(HttpHeaderNames.CONTENT_LENGTH, "0");
		}
	}

	private static boolean hasBodySemantics(String method) {
		return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")
				&& !method.equals("TRACE");
	}

	private static Set<String> connectionTokens(List<Map.Entry<String, String>> headers) {
		Set<String> tokens = new HashSet<>();
		for (Map.Entry<String, String> header : headers) {
			if (header.getKey().strip().equalsIgnoreCase("connection")) {
				for (String token : header.getValue().split(",")) {
					String name = token.strip().toLowerCase(Locale.ROOT);
					if (!name.isEmpty() && !name.equals("content-length") && !name.equals("host")) {
						tokens.add(name);
					}
				}
			}
		}
		return tokens;
	}

	private static void setIfAbsent(HttpHeaders target, String name, String value) {
		if (!target.contains(name)) {
			target.set(name, value);
		}
	}

}
