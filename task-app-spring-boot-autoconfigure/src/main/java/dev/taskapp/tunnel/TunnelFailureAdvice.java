package dev.taskapp.tunnel;

/**
 * What a user should do about a {@link TunnelStartException}: the action text of the failure
 * analyzer, also logged when the tunnel fails in the background.
 */
public final class TunnelFailureAdvice {

	private TunnelFailureAdvice() {
	}

	/**
	 * Returns the fix for the given failure.
	 * @param failure the failure
	 * @return the action to take
	 */
	public static String actionFor(TunnelStartException failure) {
		return switch (failure.getReason()) {
			case CLOUDFLARED_MISSING -> "Install cloudflared (https://developers.cloudflare.com/cloudflare-one/"
					+ "connections/connect-apps/install-and-setup/installation/) or set task-app.tunnel.cloudflared.path"
					+ " to its location; or use task-app.tunnel.mode=synthtunnel, which needs no binary.";
			case RATE_LIMITED -> "Cloudflare limits how many quick tunnels one address may request. Wait 5 to 10"
					+ " minutes before starting again, or use a tunnel without that limit:"
					+ " task-app.tunnel.mode=named (with task-app.tunnel.named.token and .hostname) or synthtunnel.";
			case NO_URL -> "Check the network connection to Cloudflare, raise task-app.tunnel.startup-timeout, or"
					+ " use task-app.tunnel.mode=local if the caller can reach this machine.";
			case PROCESS_FAILED -> "The tunnel process exited while starting; its output above says why. Check the"
					+ " cloudflared installation and the network, or choose another task-app.tunnel.mode.";
			case NEVER_REACHABLE -> "Check that the public URL routes to this application (and that the proxy's"
					+ " auth header is set in task-app.tunnel.preconfigured.auth-header and .auth-token), raise"
					+ " task-app.tunnel.verify.timeout, or set task-app.tunnel.verify.enabled=false to skip the check.";
			case LOCAL_HEALTH_TIMEOUT -> "The task app's own /health did not answer 200. Check the log for errors of"
					+ " the TaskAppConfig bean, or raise task-app.tunnel.health-check-timeout.";
			case PRECONFIGURED_URL_MISSING -> "Set task-app.tunnel.preconfigured.url (or the SYNTH_TASK_APP_URL"
					+ " environment variable) to the public http(s) URL of this task app, or choose another"
					+ " task-app.tunnel.mode.";
			case NAMED_CONFIGURATION_MISSING -> "Set SYNTH_API_KEY (or task-app.tunnel.synth.api-key) for a tunnel"
					+ " the Synth backend manages, with nothing else to configure; or set task-app.tunnel.named.token"
					+ " to your own tunnel's token (from the Cloudflare dashboard or 'cloudflared tunnel token <name>')"
					+ " and task-app.tunnel.named.hostname to its public hostname; or use task-app.tunnel.mode=quick.";
			case SYNTH_API_KEY_MISSING -> "Set task-app.tunnel.synth.api-key (or the SYNTH_API_KEY environment"
					+ " variable), or choose another task-app.tunnel.mode.";
			case LEASE_FAILED -> "The Synth backend did not lease a SynthTunnel route; its answer is above. Check"
					+ " task-app.tunnel.synth.api-key and task-app.tunnel.synth.backend-url.";
			case UNSUPPORTED_MODE -> "Choose one of the modes auto, local, preconfigured, quick, named or synthtunnel"
					+ " for task-app.tunnel.mode.";
			case SYNTH_API_KEY_REJECTED -> "The Synth backend refused the Synth API key (Invalid API key). Check"
					+ " SYNTH_API_KEY (or task-app.tunnel.synth.api-key): copy a current key from the Synth dashboard,"
					+ " and check that task-app.tunnel.synth.backend-url (SYNTH_BACKEND_URL) is the backend it belongs"
					+ " to.";
			case MANAGED_TUNNEL_UNAVAILABLE -> "The Synth backend gave no managed tunnel; its answer is above. Try"
					+ " again in a moment (creating a tunnel can take up to 90 s while the backend waits for DNS;"
					+ " raise task-app.tunnel.startup-timeout), set task-app.tunnel.named.force-new=true to replace a"
					+ " broken tunnel, or use task-app.tunnel.mode=synthtunnel or quick.";
			case MANAGED_TUNNEL_DNS_PENDING -> "The tunnel's DNS record has not propagated yet. Start again in a"
					+ " minute or two, raise task-app.tunnel.startup-timeout, or set task-app.tunnel.named.force-new=true"
					+ " once to get a fresh tunnel; task-app.tunnel.mode=synthtunnel needs no DNS record.";
		};
	}

}
