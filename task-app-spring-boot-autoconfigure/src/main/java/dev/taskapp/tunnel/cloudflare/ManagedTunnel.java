package dev.taskapp.tunnel.cloudflare;

import org.jspecify.annotations.Nullable;

/**
 * A Cloudflare tunnel the Synth backend manages for the account. {@link #toString()} never
 * shows the token.
 *
 * @param hostname the public hostname, such as {@code task-app-8114-ab12.usesynth.ai}
 * @param tunnelToken the token cloudflared runs the tunnel with
 * @param dnsVerified whether the backend saw the hostname's DNS record propagate;
 * {@code null} when it did not say
 */
record ManagedTunnel(String hostname, String tunnelToken, @Nullable Boolean dnsVerified) {

	/**
	 * Returns the public URL.
	 * @return {@code https://} and the hostname
	 */
	String url() {
		return "https://" + this.hostname;
	}

	@Override
	public String toString() {
		return "ManagedTunnel[hostname=" + this.hostname + ", tunnelToken=******, dnsVerified=" + this.dnsVerified
				+ "]";
	}

}
