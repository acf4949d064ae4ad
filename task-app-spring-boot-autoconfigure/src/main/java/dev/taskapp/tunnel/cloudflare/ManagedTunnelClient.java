package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads, creates and rotates the account's managed Cloudflare tunnel through the Synth
 * backend's tunnels API ({@code GET}/{@code POST /api/v1/tunnels/},
 * {@code POST /api/v1/tunnels/rotate}) or leases one through the lease API
 * ({@code POST /v1/tunnels/lease}, heartbeat, release), with the Synth API key as bearer token and
 * {@code X-API-Key}. Every failure is a {@link TunnelStartException} whose message names the
 * status and the backend's {@code detail}, with the key and any token masked.
 */
final class ManagedTunnelClient {

	private static final String TUNNELS_PATH = "/api/v1/tunnels/";

	private static final String ROTATE_PATH = "/api/v1/tunnels/rotate";

	private static final String LEASE_PATH = "/v1/tunnels/lease";

	private static final int MAX_DETAIL_LENGTH = 300;

	private static final Log logger = LogFactory.getLog(ManagedTunnelClient.class);

	private final HttpClient http;

	private final String apiKey;

	private final String base;

	ManagedTunnelClient(HttpClient http, String apiKey, String backendUrl) {
		this.http = http;
		this.apiKey = apiKey.strip();
		this.base = backendBase(backendUrl);
	}

	/**
	 * Returns the account's tunnel, if it has one.
	 * @param hostname the tunnel to pick when the account has several, or {@code null} for
	 * the first
	 * @param timeout longest wait for the answer
	 * @return the tunnel, or {@code null} when there is none (or the backend could not list
	 * them, which the Synth SDK also treats as none)
	 * @throws TunnelStartException if the key is refused or the backend does not answer
	 * @throws InterruptedException if interrupted
	 */
	@Nullable ManagedTunnel find(@Nullable String hostname, Duration timeout)
			throws TunnelStartException, InterruptedException {
		String action = "reading the account's managed tunnel";
		Answer answer = send(HttpRequest.newBuilder(URI.create(this.base + TUNNELS_PATH)).GET(), timeout, action);
		if (answer.status() == 401 || answer.status() == 403) {
			throw rejectedKey(answer, action);
		}
		if (answer.status() == 404) {
			return null;
		}
		if (!answer.isSuccess()) {
			logger.warn("The Synth backend answered HTTP " + answer.status() + " when " + action
					+ "; a new tunnel is requested instead" + suffix(detail(answer.body())));
			return null;
		}
		JsonNode root = json(answer.body(), action);
		JsonNode tunnels = root.isArray() ? root : root.path("tunnels");
		if (!tunnels.isArray()) {
			return (root.isObject() && root.has("hostname")) ? tunnel(root, action) : null;
		}
		for (JsonNode candidate : tunnels) {
			String candidateHostname = text(candidate, "hostname");
			if (candidateHostname == null) {
				continue;
			}
			if (hostname == null || candidateHostname.equalsIgnoreCase(hostname)) {
				return tunnel(candidate, action);
			}
		}
		return null;
	}

	/**
	 * Creates a tunnel to the given local port.
	 * @param localPort the port the tunnel's ingress leads to
	 * @param timeout longest wait for the answer (the backend may wait for DNS first)
	 * @return the new tunnel
	 * @throws TunnelStartException if the key is refused or no tunnel could be created
	 * @throws InterruptedException if interrupted
	 */
	ManagedTunnel create(int localPort, Duration timeout) throws TunnelStartException, InterruptedException {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("subdomain", "task-app-" + localPort);
		payload.put("local_port", localPort);
		payload.put("local_host", "127.0.0.1");
		return post(TUNNELS_PATH, payload, timeout, "creating a managed tunnel");
	}

	/**
	 * Rotates the account's tunnel: the backend deletes it and creates a fresh one.
	 * @param localPort the port the new tunnel's ingress leads to
	 * @param timeout longest wait for the answer
	 * @return the new tunnel
	 * @throws TunnelStartException if the key is refused or no tunnel could be created
	 * @throws InterruptedException if interrupted
	 */
	ManagedTunnel rotate(int localPort, Duration timeout) throws TunnelStartException, InterruptedException {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("local_port", localPort);
		payload.put("local_host", "127.0.0.1");
		payload.put("reason", "task-app.tunnel.named.force-new");
		return post(ROTATE_PATH, payload, timeout, "rotating the managed tunnel");
	}

	/**
	 * Leases a managed Cloudflare tunnel through the lease API ({@code POST /v1/tunnels/lease}).
	 * @param clientInstanceId this machine's stable id
	 * @param localPort the task app's port
	 * @param reuseConnector whether the backend may hand out the connector it leased before
	 * @param timeout longest wait for the answer
	 * @return the lease
	 * @throws TunnelStartException if the key is refused or no lease could be had
	 * @throws InterruptedException if interrupted
	 */
	ManagedLease lease(String clientInstanceId, int localPort, boolean reuseConnector, Duration timeout)
			throws TunnelStartException, InterruptedException {
		String action = "leasing a managed tunnel";
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("client_instance_id", clientInstanceId);
		payload.put("local_host", "127.0.0.1");
		payload.put("local_port", localPort);
		payload.put("provider_preference", "cloudflared");
		payload.put("requested_ttl_seconds", 3600);
		payload.put("reuse_connector", reuseConnector);
		payload.put("app_name", "task-app");
		Answer answer = postJson(LEASE_PATH, payload, timeout, action);
		if (answer.status() == 401 || answer.status() == 403) {
			throw rejectedKey(answer, action);
		}
		if (!answer.isSuccess()) {
			throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
					"The Synth backend at " + this.base + " answered HTTP " + answer.status() + " when " + action
							+ suffix(detail(answer.body())));
		}
		JsonNode root = json(answer.body(), action);
		String leaseId = text(root, "lease_id");
		String publicUrl = text(root, "public_url");
		String token = text(root, "tunnel_token");
		if (leaseId == null || publicUrl == null || token == null) {
			throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
					"Tunnel lease incomplete (missing " + ((leaseId == null) ? "lease_id"
							: (publicUrl == null) ? "public_url" : "tunnel_token") + ") in the Synth backend's answer");
		}
		JsonNode gatewayPort = root.path("gateway_port");
		return new ManagedLease(leaseId, publicUrl, token,
				gatewayPort.isNumber() ? gatewayPort.intValue() : ManagedLease.DEFAULT_GATEWAY_PORT);
	}

	/**
	 * Reports a lease alive, with its state; a failure is only logged.
	 * @param leaseId the lease
	 * @param timeout longest wait
	 * @throws InterruptedException if interrupted
	 */
	void heartbeat(String leaseId, Duration timeout) throws InterruptedException {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("connected_to_edge", true);
		payload.put("gateway_ready", true);
		payload.put("local_ready", true);
		payload.put("last_error", null);
		quietly(LEASE_PATH + "/" + leaseId + "/heartbeat", payload, timeout, "sending the lease heartbeat");
	}

	/**
	 * Releases a lease; a failure is only logged.
	 * @param leaseId the lease
	 * @param timeout longest wait
	 * @throws InterruptedException if interrupted
	 */
	void release(String leaseId, Duration timeout) throws InterruptedException {
		quietly(LEASE_PATH + "/" + leaseId + "/release", Map.of(), timeout, "releasing the tunnel lease");
	}

	private void quietly(String path, Map<String, Object> payload, Duration timeout, String action)
			throws InterruptedException {
		try {
			Answer answer = postJson(path, payload, timeout, action);
			if (!answer.isSuccess()) {
				logger.warn("The Synth backend answered HTTP " + answer.status() + " when " + action
						+ suffix(detail(answer.body())));
			}
		}
		catch (TunnelStartException ex) {
			logger.warn(ex.getMessage());
		}
	}

	private Answer postJson(String path, Map<String, Object> payload, Duration timeout, String action)
			throws TunnelStartException, InterruptedException {
		byte[] json = TaskAppJson.mapper().writeValueAsBytes(payload);
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(json)), timeout, action);
	}

	private ManagedTunnel post(String path, Map<String, Object> payload, Duration timeout, String action)
			throws TunnelStartException, InterruptedException {
		byte[] json = TaskAppJson.mapper().writeValueAsBytes(payload);
		Answer answer = send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(json)), timeout, action);
		if (answer.status() == 401 || answer.status() == 403) {
			throw rejectedKey(answer, action);
		}
		if (!answer.isSuccess()) {
			throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
					"The Synth backend at " + this.base + " answered HTTP " + answer.status() + " when " + action
							+ suffix(detail(answer.body())));
		}
		return tunnel(json(answer.body(), action), action);
	}

	private Answer send(HttpRequest.Builder request, Duration timeout, String action)
			throws TunnelStartException, InterruptedException {
		if (timeout.isZero() || timeout.isNegative()) {
			throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
					"No time was left before the start-up deadline for " + action);
		}
		HttpRequest built = request.timeout(timeout)
			.header("Authorization", "Bearer " + this.apiKey)
			.header("X-API-Key", this.apiKey)
			.header("Accept", "application/json")
			.build();
		try {
			HttpResponse<byte[]> response = this.http.send(built, HttpResponse.BodyHandlers.ofByteArray());
			return new Answer(response.statusCode(), response.body());
		}
		catch (HttpTimeoutException ex) {
			throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
					"The Synth backend at " + this.base + " did not answer within " + timeout.toMillis() + "ms when "
							+ action,
					ex);
		}
		catch (IOException ex) {
			throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
					"Could not reach the Synth backend at " + this.base + " when " + action + ": "
							+ ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? " " + mask(ex.getMessage()) : ""),
					ex);
		}
	}

	private TunnelStartException rejectedKey(Answer answer, String action) {
		return new TunnelStartException(Reason.SYNTH_API_KEY_REJECTED, TunnelMode.NAMED,
				"Invalid API key. Please check your SYNTH_API_KEY. The Synth backend at " + this.base + " answered HTTP "
						+ answer.status() + " when " + action + suffix(detail(answer.body())));
	}

	private ManagedTunnel tunnel(JsonNode node, String action) throws TunnelStartException {
		String hostname = text(node, "hostname");
		String token = text(node, "tunnel_token");
		if (hostname == null || token == null) {
			throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
					"Tunnel configuration incomplete (missing " + ((hostname == null) ? "hostname" : "tunnel_token")
							+ ") in the Synth backend's answer when " + action);
		}
		return new ManagedTunnel(hostname(hostname), token, dnsVerified(node));
	}

	private static @Nullable Boolean dnsVerified(JsonNode node) {
		JsonNode value = node.path("dns_verified");
		if (value.isMissingNode() || value.isNull()) {
			value = node.path("metadata").path("dns_verified");
		}
		return value.isBoolean() ? value.booleanValue() : null;
	}

	private static String hostname(String value) {
		String hostname = value.strip().toLowerCase(Locale.ROOT);
		if (hostname.startsWith("https://")) {
			hostname = hostname.substring("https://".length());
		}
		while (hostname.endsWith("/")) {
			hostname = hostname.substring(0, hostname.length() - 1);
		}
		return hostname;
	}

	private JsonNode json(byte[] body, String action) throws TunnelStartException {
		try {
			JsonNode root = TaskAppJson.mapper().readTree(body);
			if (root == null || root.isMissingNode()) {
				throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
						"The Synth backend sent an empty answer when " + action);
			}
			return root;
		}
		catch (JacksonException ex) {
			throw new TunnelStartException(Reason.MANAGED_TUNNEL_UNAVAILABLE, TunnelMode.NAMED,
					"The Synth backend's answer was not JSON when " + action + suffix(mask(utf8(body))));
		}
	}

	private String detail(byte[] body) {
		if (body.length == 0) {
			return "";
		}
		try {
			JsonNode detail = TaskAppJson.mapper().readTree(body).path("detail");
			if (detail.isString()) {
				return mask(detail.stringValue());
			}
			if (!detail.isMissingNode() && !detail.isNull()) {
				return mask(detail.toString());
			}
		}
		catch (JacksonException ex) {
			// not JSON: the raw text
		}
		return mask(utf8(body));
	}

	private String mask(String text) {
		String masked = text.strip().replace(this.apiKey, "******");
		return (masked.length() > MAX_DETAIL_LENGTH) ? masked.substring(0, MAX_DETAIL_LENGTH) + "..." : masked;
	}

	private static String suffix(String detail) {
		return detail.isEmpty() ? "" : ": " + detail;
	}

	private static String utf8(byte[] body) {
		return new String(body, StandardCharsets.UTF_8);
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (value.isString()) {
			String text = value.stringValue().strip();
			return text.isEmpty() ? null : text;
		}
		return null;
	}

	/**
	 * Returns the backend base URL without trailing slashes or a trailing {@code /api}.
	 * @param backendUrl the configured URL
	 * @return the base
	 */
	static String backendBase(String backendUrl) {
		String base = backendUrl.strip();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		if (base.endsWith("/api")) {
			base = base.substring(0, base.length() - "/api".length());
		}
		return base;
	}

	/**
	 * The secrets an answer may contain, for masking in cloudflared's output.
	 * @return the API key
	 */
	List<String> secrets() {
		return List.of(this.apiKey);
	}

	private record Answer(int status, byte[] body) {

		boolean isSuccess() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
