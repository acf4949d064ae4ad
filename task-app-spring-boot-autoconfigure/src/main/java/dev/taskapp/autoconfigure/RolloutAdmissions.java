package dev.taskapp.autoconfigure;

import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.web.RolloutAdmission;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Builds the {@link RolloutAdmission} of {@code task-app.rollout.*}: the explicit limit, or the
 * heap's default, capped by what a Cloudflare quick tunnel lets through.
 */
final class RolloutAdmissions {

	/** Requests in flight a Cloudflare quick tunnel lets through; it answers 429 beyond. */
	static final int QUICK_TUNNEL_MAX_IN_FLIGHT = 200;

	private static final Log logger = LogFactory.getLog(RolloutAdmissions.class);

	private RolloutAdmissions() {
	}

	static RolloutAdmission of(TaskAppProperties.Rollout rollout, TunnelMode mode, long maxHeapBytes) {
		Integer maxInFlight = rollout.maxInFlight();
		if (maxInFlight != null) {
			if (mode == TunnelMode.QUICK && maxInFlight > QUICK_TUNNEL_MAX_IN_FLIGHT) {
				logger.warn("task-app.rollout.max-in-flight=" + maxInFlight + " is above the "
						+ QUICK_TUNNEL_MAX_IN_FLIGHT + " requests in flight a Cloudflare quick tunnel lets through:"
						+ " Cloudflare answers 429 beyond " + QUICK_TUNNEL_MAX_IN_FLIGHT
						+ ". Use a named tunnel or SynthTunnel for more.");
			}
			return RolloutAdmission.explicit(maxInFlight, rollout.retryAfter());
		}
		RolloutAdmission admission = RolloutAdmission.derived(maxHeapBytes, rollout.retryAfter());
		if (mode == TunnelMode.QUICK) {
			admission.capDefault(QUICK_TUNNEL_MAX_IN_FLIGHT, "Cloudflare quick tunnel");
		}
		logger.debug("Rollouts in flight are limited to " + admission.limit() + (admission.isExplicit() ? ""
				: " (derived from the heap of " + (maxHeapBytes >> 20) + " MiB; task-app.rollout.max-in-flight sets it)"));
		return admission;
	}

}
