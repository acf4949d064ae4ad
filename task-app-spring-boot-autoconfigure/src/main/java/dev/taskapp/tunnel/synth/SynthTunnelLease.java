package dev.taskapp.tunnel.synth;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A route leased from the Synth backend ({@code POST /api/v1/synthtunnel/leases}). The tokens
 * are secrets: {@link #toString()} never shows them.
 *
 * @param leaseId the lease, named again in relay frames and when it is deleted
 * @param routeToken the route's token, the last segment of the public URL
 * @param publicBaseUrl the relay's public base URL
 * @param publicUrl the public URL of the task app, without a trailing slash
 * @param agentUrl the relay's WebSocket URL for the agent ({@code agent_connect.url})
 * @param agentToken the agent's bearer token ({@code agent_connect.agent_token})
 * @param workerToken the token jobs send as {@code X-SynthTunnel-Worker-Token}, if any
 * @param expiresAt when the lease expires
 * @param maxInflight most requests the agent serves at once ({@code limits.max_inflight})
 * @param maxResponseBytes largest response body the agent forwards
 * ({@code limits.max_response_bytes})
 * @param heartbeatInterval the heartbeat interval the backend recommends, if any
 */
record SynthTunnelLease(String leaseId, @Nullable String routeToken, @Nullable String publicBaseUrl,
		String publicUrl, String agentUrl, String agentToken, @Nullable String workerToken, Instant expiresAt,
		int maxInflight, long maxResponseBytes, @Nullable Duration heartbeatInterval) {

	/** Requests served at once when the lease names no limit (the Rust agent's default). */
	static final int DEFAULT_MAX_INFLIGHT = 128;

	/** Largest response body when the lease names no limit (the reference agents' default). */
	static final long DEFAULT_MAX_RESPONSE_BYTES = 200_000_000L;

	/**
	 * Returns the agent URL without its query, for log lines.
	 * @return the URL safe to log
	 */
	String agentUrlForLogs() {
		int query = this.agentUrl.indexOf('?');
		return (query >= 0) ? this.agentUrl.substring(0, query) : this.agentUrl;
	}

	@Override
	public String toString() {
		return "SynthTunnelLease[leaseId=" + this.leaseId + ", publicUrl=" + this.publicUrl + ", agentUrl="
				+ agentUrlForLogs() + ", expiresAt=" + this.expiresAt + ", maxInflight=" + this.maxInflight
				+ ", maxResponseBytes=" + this.maxResponseBytes + "]";
	}

}
