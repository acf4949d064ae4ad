package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Asks cloudflared's metrics server (its {@code --metrics} address) for the quick tunnel's
 * hostname ({@code /quicktunnel}) and whether an edge connection is up ({@code /ready}).
 */
final class MetricsClient {

	private final HttpClient http;

	private final URI base;

	private final Duration timeout;

	/**
	 * Creates a client of one metrics server.
	 * @param http the HTTP client, without a proxy
	 * @param address the {@code --metrics} address, such as {@code 127.0.0.1:20241}
	 * @param timeout the longest wait for one answer
	 */
	MetricsClient(HttpClient http, String address, Duration timeout) {
		this.http = http;
		this.base = URI.create("http://" + address);
		this.timeout = timeout;
	}

	/**
	 * Returns the quick tunnel's URL from {@code /quicktunnel}.
	 * @return {@code https://} and the hostname, or {@code null} when the server does not
	 * answer or knows no hostname (yet, or because the tunnel is named)
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable String quickTunnelUrl() throws InterruptedException {
		JsonNode body = get("/quicktunnel", 200);
		if (body == null) {
			return null;
		}
		String hostname = body.path("hostname").asString("").strip();
		if (hostname.isEmpty()) {
			return null;
		}
		return hostname.startsWith("https://") ? hostname : "https://" + hostname;
	}

	/**
	 * Returns what {@code /ready} says.
	 * @return ready (200 and at least one ready connection), not ready (503, or no ready
	 * connection), or unknown (no answer, or an answer of another kind)
	 * @throws InterruptedException if interrupted while waiting
	 */
	Readiness readiness() throws InterruptedException {
		try {
			HttpResponse<String> response = send("/ready");
			if (response.statusCode() == 503) {
				return Readiness.NOT_READY;
			}
			if (response.statusCode() != 200) {
				return Readiness.UNKNOWN;
			}
			JsonNode body = TaskAppJson.mapper().readTree(response.body());
			return (body.path("readyConnections").asInt(0) >= 1) ? Readiness.READY : Readiness.NOT_READY;
		}
		catch (IOException | JacksonException ex) {
			return Readiness.UNKNOWN;
		}
	}

	private @Nullable JsonNode get(String path, int expectedStatus) throws InterruptedException {
		try {
			HttpResponse<String> response = send(path);
			return (response.statusCode() == expectedStatus) ? TaskAppJson.mapper().readTree(response.body()) : null;
		}
		catch (IOException | JacksonException ex) {
			return null;
		}
	}

	private HttpResponse<String> send(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(this.timeout).GET().build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * What the metrics server says about the tunnel's edge connections.
	 */
	enum Readiness {

		/** At least one edge connection is registered. */
		READY,

		/** No edge connection is registered yet. */
		NOT_READY,

		/** The metrics server did not answer, or not in the expected form. */
		UNKNOWN

	}

}
