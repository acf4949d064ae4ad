package dev.taskapp.tunnel.synth;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A frame the relay sends to the agent (JSON text frames of the SynthTunnel agent protocol).
 */
sealed interface InboundFrame {

	/**
	 * {@code ATTACH_ACK}: the relay accepted the agent's {@code ATTACH}.
	 *
	 * @param acceptedLeases the leases the relay accepted, or {@code null} when it does not say
	 * @param rejectedLeases the leases the relay rejected
	 */
	record AttachAck(@Nullable List<String> acceptedLeases, List<String> rejectedLeases) implements InboundFrame {

		/**
		 * Returns whether the relay accepted the lease.
		 * @param leaseId the lease
		 * @return whether it is accepted
		 */
		boolean accepts(String leaseId) {
			if (this.acceptedLeases != null) {
				return this.acceptedLeases.contains(leaseId);
			}
			return !this.rejectedLeases.contains(leaseId);
		}

	}

	/**
	 * {@code REQ_HEADERS}: a public request starts.
	 *
	 * @param leaseId the lease it arrived on, or {@code null} when not named
	 * @param rid the request id
	 * @param method the HTTP method
	 * @param path the path, starting with {@code /}
	 * @param query the query without {@code ?}, possibly empty
	 * @param headers the request headers in order, repeated names kept
	 * @param deadlineMillis the request's deadline, or {@code null} when not named
	 */
	record RequestHeaders(@Nullable String leaseId, String rid, String method, String path, String query,
			List<Map.Entry<String, String>> headers, @Nullable Long deadlineMillis) implements InboundFrame {
	}

	/**
	 * {@code REQ_BODY}: the next piece of a request body.
	 *
	 * @param rid the request id
	 * @param chunk the decoded bytes
	 */
	record RequestBody(String rid, byte[] chunk) implements InboundFrame {
	}

	/**
	 * {@code REQ_END}: the request body is complete.
	 *
	 * @param rid the request id
	 */
	record RequestEnd(String rid) implements InboundFrame {
	}

	/**
	 * {@code CANCEL}: the public client went away or the relay gave up.
	 *
	 * @param rid the request id
	 */
	record Cancel(String rid) implements InboundFrame {
	}

	/**
	 * A frame of a type this agent does not know.
	 *
	 * @param type the type
	 */
	record Unknown(String type) implements InboundFrame {
	}

}
