package dev.taskapp.tunnel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a {@link TunnelBackend} needs to open a tunnel.
 *
 * @param localHost host the local server answers on, such as {@code 127.0.0.1}
 * @param localPort port the local server listens on
 * @param apiKeys the task-app API keys, the primary one first: for probes and for agents
 * that add them to forwarded requests
 * @param deadline when opening must have succeeded or failed
 * @param listener where the backend reports what happens to the tunnel after it opened
 */
public record TunnelRequest(String localHost, int localPort, List<String> apiKeys, Instant deadline,
		TunnelListener listener) {

	/**
	 * Creates a request.
	 */
	public TunnelRequest {
		apiKeys = List.copyOf(apiKeys);
	}

	/**
	 * Returns the local server's base URL, such as {@code http://127.0.0.1:8001}.
	 * @return the local URL
	 */
	public String localUrl() {
		return "http://" + this.localHost + ":" + this.localPort;
	}

	/**
	 * Returns the time left until the deadline, never negative.
	 * @return the time left
	 */
	public Duration remaining() {
		Duration left = Duration.between(Instant.now(), this.deadline);
		return left.isNegative() ? Duration.ZERO : left;
	}

	@Override
	public String toString() {
		return "TunnelRequest[local=" + localUrl() + ", keys=" + this.apiKeys.size() + ", deadline=" + this.deadline
				+ "]";
	}

}
