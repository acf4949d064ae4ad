package dev.taskapp.tunnel.cloudflare;

/**
 * A managed Cloudflare tunnel leased through the lease API. {@link #toString()} never shows
 * the token.
 *
 * @param leaseId the lease
 * @param publicUrl the public URL, with the lease's route prefix as its path
 * @param tunnelToken the token cloudflared runs the tunnel with
 * @param gatewayPort the local port the tunnel's ingress leads to
 */
record ManagedLease(String leaseId, String publicUrl, String tunnelToken, int gatewayPort) {

	/** Gateway port when the lease names none, as in the Synth optimizers. */
	static final int DEFAULT_GATEWAY_PORT = 8016;

	/**
	 * Returns the route prefix: the public URL's path without a trailing slash.
	 * @return the prefix, such as {@code /t/abc}, or empty when the URL has no path
	 */
	String routePrefix() {
		String path = java.net.URI.create(this.publicUrl).getRawPath();
		if (path == null) {
			return "";
		}
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return path;
	}

	/**
	 * Returns the public URL without a trailing slash.
	 * @return the URL
	 */
	String url() {
		String url = this.publicUrl;
		while (url.endsWith("/")) {
			url = url.substring(0, url.length() - 1);
		}
		return url;
	}

	@Override
	public String toString() {
		return "ManagedLease[leaseId=" + this.leaseId + ", publicUrl=" + this.publicUrl
				+ ", tunnelToken=******, gatewayPort=" + this.gatewayPort + "]";
	}

}
