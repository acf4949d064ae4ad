package dev.taskapp.tunnel.synth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link LeaseResponses} and {@link LeaseClient#backendBase}: reading the lease API.
 */
class LeaseResponsesTests {

	private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");

	private final LeaseResponses responses = new LeaseResponses(new SecretMask(List.of("sk_secret_123")),
			Duration.ofHours(1));

	@Test
	void everyFieldTheReferenceUsesIsRead() {
		SynthTunnelLease lease = lease("{\"lease_id\": \"l1\", \"route_token\": \"rt_1\", "
				+ "\"public_base_url\": \"https://st.usesynth.ai\", \"public_url\": \"https://st.usesynth.ai/s/rt_1/\", "
				+ "\"agent_connect\": {\"transport\": \"ws\", \"url\": \"wss://st.usesynth.ai/agent\", \"agent_token\": \"at\"}, "
				+ "\"worker_token\": \"wt\", \"expires_at\": \"2026-02-01T11:00:00.123456+00:00\", "
				+ "\"limits\": {\"max_inflight\": 64, \"max_response_bytes\": 1000}, "
				+ "\"heartbeat\": {\"required\": false, \"recommended_interval_seconds\": 25}}");
		assertThat(lease.leaseId()).isEqualTo("l1");
		assertThat(lease.routeToken()).isEqualTo("rt_1");
		assertThat(lease.publicBaseUrl()).isEqualTo("https://st.usesynth.ai");
		assertThat(lease.publicUrl()).isEqualTo("https://st.usesynth.ai/s/rt_1");
		assertThat(lease.agentUrl()).isEqualTo("wss://st.usesynth.ai/agent");
		assertThat(lease.agentToken()).isEqualTo("at");
		assertThat(lease.workerToken()).isEqualTo("wt");
		assertThat(lease.expiresAt()).isEqualTo(Instant.parse("2026-02-01T11:00:00.123456Z"));
		assertThat(lease.maxInflight()).isEqualTo(64);
		assertThat(lease.maxResponseBytes()).isEqualTo(1000);
		assertThat(lease.heartbeatInterval()).isEqualTo(Duration.ofSeconds(25));
	}

	@Test
	void absentLimitsTakeTheReferenceDefaults() {
		SynthTunnelLease lease = lease(minimal(""));
		assertThat(lease.maxInflight()).isEqualTo(128);
		assertThat(lease.maxResponseBytes()).isEqualTo(200_000_000L);
		assertThat(lease.heartbeatInterval()).isNull();
		assertThat(lease.workerToken()).isNull();
		assertThat(lease.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
	}

	@Test
	void expiryInZuluOrWithoutOffsetIsRead() {
		assertThat(lease(minimal(", \"expires_at\": \"2026-02-01T12:00:00Z\"")).expiresAt())
			.isEqualTo(Instant.parse("2026-02-01T12:00:00Z"));
		assertThat(lease(minimal(", \"expires_at\": \"2026-02-01T12:00:00\"")).expiresAt())
			.isEqualTo(Instant.parse("2026-02-01T12:00:00Z"));
	}

	@Test
	void agentUrlThatIsNotAWebSocketIsRejected() {
		assertThatExceptionOfType(LeaseException.class)
			.isThrownBy(() -> lease("{\"lease_id\": \"l1\", \"public_url\": \"https://x/s/1\", "
					+ "\"agent_connect\": {\"url\": \"ftp://relay\", \"agent_token\": \"t\"}}"))
			.withMessageContaining("not ws:// or wss://");
	}

	@Test
	void failureDetailIsMaskedAndCut() {
		LeaseException failure = this.responses.failure(400,
				("{\"detail\": {\"error\": \"key sk_secret_123 is bad\", \"pad\": \"" + "x".repeat(1000) + "\"}}")
					.getBytes(StandardCharsets.UTF_8),
				"leasing");
		assertThat(failure.getKind()).isEqualTo(LeaseException.Kind.REFUSED);
		assertThat(failure.getMessage()).doesNotContain("sk_secret_123").contains("***").hasSizeLessThan(400);
	}

	@Test
	void backendBaseDropsTrailingSlashAndApi() {
		assertThat(LeaseClient.backendBase("https://api.usesynth.ai/")).isEqualTo("https://api.usesynth.ai");
		assertThat(LeaseClient.backendBase("https://api.usesynth.ai/api/")).isEqualTo("https://api.usesynth.ai");
		assertThat(LeaseClient.backendBase("http://localhost:8000")).isEqualTo("http://localhost:8000");
	}

	private SynthTunnelLease lease(String json) {
		return this.responses.lease(json.getBytes(StandardCharsets.UTF_8), NOW);
	}

	private static String minimal(String extra) {
		return "{\"lease_id\": \"l1\", \"public_url\": \"https://st/s/rt\", "
				+ "\"agent_connect\": {\"url\": \"ws://relay/agent\", \"agent_token\": \"t\"}" + extra + "}";
	}

}
