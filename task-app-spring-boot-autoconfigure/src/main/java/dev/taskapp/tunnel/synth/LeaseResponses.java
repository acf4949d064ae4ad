package dev.taskapp.tunnel.synth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the lease API's answers: a lease from a success body, a {@link LeaseException} from a
 * failure status. Fields are those the Synth SDK reads; anything else is ignored.
 */
final class LeaseResponses {

	private final SecretMask mask;

	private final Duration requestedTtl;

	LeaseResponses(SecretMask mask, Duration requestedTtl) {
		this.mask = mask;
		this.requestedTtl = requestedTtl;
	}

	/**
	 * Reads a lease from a {@code 2xx} body.
	 * @param body the body
	 * @param now the time the answer arrived, for a lease without {@code expires_at}
	 * @return the lease
	 * @throws LeaseException if the body lacks what the agent needs
	 */
	SynthTunnelLease lease(byte[] body, Instant now) {
		JsonNode root;
		try {
			root = TaskAppJson.mapper().readTree(body);
		}
		catch (JacksonException ex) {
			throw new LeaseException(LeaseException.Kind.INVALID_RESPONSE,
					"SynthTunnel lease response is not JSON", null);
		}
		if (root == null || !root.isObject()) {
			throw new LeaseException(LeaseException.Kind.INVALID_RESPONSE,
					"SynthTunnel lease response is not a JSON object");
		}
		JsonNode agentConnect = root.path("agent_connect");
		String agentUrl = text(agentConnect, "url");
		String agentToken = text(agentConnect, "agent_token");
		if (agentUrl == null || agentToken == null) {
			throw new LeaseException(LeaseException.Kind.INVALID_RESPONSE,
					"SynthTunnel lease response missing agent connection details");
		}
		checkAgentUrl(agentUrl);
		String leaseId = text(root, "lease_id");
		if (leaseId == null) {
			throw new LeaseException(LeaseException.Kind.INVALID_RESPONSE,
					"SynthTunnel lease response missing lease_id");
		}
		String publicUrl = text(root, "public_url");
		if (publicUrl == null) {
			throw new LeaseException(LeaseException.Kind.NO_PUBLIC_URL,
					"SynthTunnel lease " + leaseId + " has no public_url");
		}
		JsonNode limits = root.path("limits");
		long maxInflight = positiveLong(limits, "max_inflight", SynthTunnelLease.DEFAULT_MAX_INFLIGHT);
		long maxResponseBytes = positiveLong(limits, "max_response_bytes",
				SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES);
		long heartbeatSeconds = positiveLong(root.path("heartbeat"), "recommended_interval_seconds", 0);
		return new SynthTunnelLease(leaseId, text(root, "route_token"), text(root, "public_base_url"),
				stripTrailingSlash(publicUrl), agentUrl, agentToken, text(root, "worker_token"),
				expiresAt(text(root, "expires_at"), now), (int) Math.min(maxInflight, 65_536), maxResponseBytes,
				(heartbeatSeconds > 0) ? Duration.ofSeconds(heartbeatSeconds) : null);
	}

	/**
	 * Turns a failure status into an exception whose message says what to do.
	 * @param status the HTTP status
	 * @param body the body, which may carry a {@code detail}
	 * @param action what was being done, such as {@code leasing a SynthTunnel route}
	 * @return the exception
	 */
	LeaseException failure(int status, byte[] body, String action) {
		String detail = detail(body);
		String suffix = detail.isEmpty() ? "" : ": " + detail;
		if (status == 401 || status == 403) {
			return new LeaseException(LeaseException.Kind.UNAUTHORIZED,
					"The Synth backend rejected the Synth API key (HTTP " + status + ") when " + action
							+ "; check task-app.tunnel.synth.api-key or SYNTH_API_KEY" + suffix);
		}
		if (status >= 500) {
			return new LeaseException(LeaseException.Kind.SERVER_ERROR, "The Synth backend failed (HTTP " + status
					+ ") when " + action + "; it may be a passing outage, try again later" + suffix);
		}
		return new LeaseException(LeaseException.Kind.REFUSED,
				"The Synth backend refused (HTTP " + status + ") " + action + suffix);
	}

	private String detail(byte[] body) {
		if (body.length == 0) {
			return "";
		}
		try {
			JsonNode root = TaskAppJson.mapper().readTree(body);
			JsonNode detail = (root != null) ? root.path("detail") : null;
			if (detail != null && detail.isString()) {
				return this.mask.mask(detail.stringValue());
			}
			if (detail != null && !detail.isMissingNode() && !detail.isNull()) {
				return this.mask.mask(detail.toString());
			}
		}
		catch (JacksonException ex) {
			// not JSON: fall through to the raw text
		}
		return this.mask.mask(new String(body, java.nio.charset.StandardCharsets.UTF_8).strip());
	}

	private Instant expiresAt(@Nullable String value, Instant now) {
		if (value != null) {
			try {
				return OffsetDateTime.parse(value).toInstant();
			}
			catch (DateTimeParseException ex) {
				try {
					return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
				}
				catch (DateTimeParseException ignored) {
					// fall through to the requested lifetime
				}
			}
		}
		return now.plus(this.requestedTtl);
	}

	private static void checkAgentUrl(String agentUrl) {
		String scheme;
		try {
			scheme = URI.create(agentUrl).getScheme();
		}
		catch (IllegalArgumentException ex) {
			scheme = null;
		}
		String lower = (scheme != null) ? scheme.toLowerCase(Locale.ROOT) : "";
		if (!lower.equals("ws") && !lower.equals("wss")) {
			throw new LeaseException(LeaseException.Kind.INVALID_RESPONSE,
					"SynthTunnel lease response has an agent URL that is not ws:// or wss://");
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (value.isString() || value.isNumber()) {
			String text = value.asString().strip();
			return text.isEmpty() ? null : text;
		}
		return null;
	}

	private static long positiveLong(JsonNode node, String field, long fallback) {
		JsonNode value = node.path(field);
		if (value.isNumber() && value.canConvertToLong() && value.asLong() > 0) {
			return value.asLong();
		}
		return fallback;
	}

	private static String stripTrailingSlash(String url) {
		String result = url;
		while (result.endsWith("/")) {
			result = result.substring(0, result.length() - 1);
		}
		return result;
	}

}
