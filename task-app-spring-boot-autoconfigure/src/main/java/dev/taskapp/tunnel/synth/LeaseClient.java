package dev.taskapp.tunnel.synth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import dev.taskapp.support.TaskAppJson;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Creates and deletes SynthTunnel leases through the Synth backend's lease API, with the Synth
 * API key as bearer token. Every call is bounded by the lease timeout and fails with a
 * {@link LeaseException}.
 */
final class LeaseClient {

	private static final String LEASES_PATH = "/api/v1/synthtunnel/leases";

	private static final byte[] NO_BODY = new byte[0];

	private final HttpClient httpClient;

	private final String leasesUrl;

	private final Duration timeout;

	private final Duration requestedTtl;

	private final LeaseResponses responses;

	private final Clock clock;

	LeaseClient(HttpClient httpClient, SynthTunnelSettings settings, Clock clock) {
		String apiKey = settings.apiKey();
		if (apiKey == null || apiKey.isBlank()) {
			throw new IllegalArgumentException("A Synth API key is required");
		}
		String bearer = "Bearer " + apiKey.strip();
		this.httpClient = httpClient.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, bearer)
			.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON));
		this.leasesUrl = backendBase(settings.backendUrl()) + LEASES_PATH;
		this.timeout = settings.leaseTimeout();
		this.requestedTtl = settings.requestedTtl();
		this.responses = new LeaseResponses(new SecretMask(List.of(apiKey.strip())), settings.requestedTtl());
		this.clock = clock;
	}

	/**
	 * Leases a route to the local server.
	 * @param clientInstanceId this machine's id
	 * @param localHost the local server's host
	 * @param localPort the local server's port
	 * @return the lease
	 */
	Mono<SynthTunnelLease> create(String clientInstanceId, String localHost, int localPort) {
		Map<String, Object> payload = Map.of("client_instance_id", clientInstanceId, "local_target",
				Map.of("host", localHost, "port", localPort), "requested_ttl_seconds",
				Math.max(1, this.requestedTtl.toSeconds()), "metadata", Map.of(), "capabilities", Map.of());
		byte[] json = TaskAppJson.mapper().writeValueAsBytes(payload);
		String action = "leasing a SynthTunnel route";
		return exchange(this.httpClient
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, json.length))
			.post()
			.uri(this.leasesUrl)
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(json))), action)
			.flatMap((answer) -> answer.isSuccess()
					? Mono.fromCallable(() -> this.responses.lease(answer.body(), this.clock.instant()))
					: Mono.error(this.responses.failure(answer.status(), answer.body(), action)));
	}

	/**
	 * Deletes a lease; a lease the backend no longer knows counts as deleted.
	 * @param leaseId the lease
	 * @return completes once deleted
	 */
	Mono<Void> delete(String leaseId) {
		String url = this.leasesUrl + "/" + URLEncoder.encode(leaseId, StandardCharsets.UTF_8);
		String action = "deleting SynthTunnel lease " + leaseId;
		return exchange(this.httpClient.delete().uri(url), action)
			.flatMap((answer) -> (answer.isSuccess() || answer.status() == 404) ? Mono.<Void>empty()
					: Mono.error(this.responses.failure(answer.status(), answer.body(), action)));
	}

	private Mono<Answer> exchange(HttpClient.ResponseReceiver<?> receiver, String action) {
		return receiver
			.responseSingle((response, body) -> body.asByteArray()
				.defaultIfEmpty(NO_BODY)
				.map((bytes) -> new Answer(response.status().code(), bytes)))
			.timeout(this.timeout, Mono.error(() -> new TimeoutException()))
			.onErrorMap((ex) -> transportFailure(ex, action));
	}

	private LeaseException transportFailure(Throwable ex, String action) {
		if (ex instanceof TimeoutException) {
			return new LeaseException(LeaseException.Kind.TIMEOUT, "The Synth backend at " + this.leasesUrl
					+ " did not answer within " + this.timeout.toMillis() + "ms when " + action, null);
		}
		return new LeaseException(LeaseException.Kind.UNREACHABLE, "Could not reach the Synth backend at "
				+ this.leasesUrl + " when " + action + ": " + ex.getClass().getSimpleName()
				+ ((ex.getMessage() != null) ? " " + ex.getMessage() : ""), ex);
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

	private record Answer(int status, byte[] body) {

		boolean isSuccess() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
