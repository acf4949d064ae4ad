package dev.taskapp.tunnel.synth;

import java.time.Duration;

/**
 * What every relay connection of one agent shares, whatever lease it serves.
 *
 * @param agentId the client instance id announced in {@code ATTACH}
 * @param localHost the local server's host
 * @param localPort the local server's port
 * @param forwarder sends requests to the local server
 * @param encoder writes the agent's frames
 * @param mask removes secrets from error messages
 * @param heartbeatInterval the ping interval
 * @param attachTimeout the longest wait for {@code ATTACH_ACK}
 * @param defaultRequestDeadline the deadline of requests whose frame names none
 */
record AgentContext(String agentId, String localHost, int localPort, LocalForwarder forwarder, FrameEncoder encoder,
		SecretMask mask, Duration heartbeatInterval, Duration attachTimeout, Duration defaultRequestDeadline) {
}
