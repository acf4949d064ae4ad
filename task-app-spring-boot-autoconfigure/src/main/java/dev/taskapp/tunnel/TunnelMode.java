package dev.taskapp.tunnel;

/**
 * How the task app is made reachable ({@code task-app.tunnel.mode}).
 */
public enum TunnelMode {

	/** SynthTunnel when a Synth API key is configured, else local. */
	AUTO,

	/** No tunnel: the URL is the local server's. */
	LOCAL,

	/** A URL that is already public, such as a reverse proxy's. */
	PRECONFIGURED,

	/** A Cloudflare quick tunnel on trycloudflare.com. */
	QUICK,

	/** A named Cloudflare tunnel, run with its token. */
	NAMED,

	/** A relay route leased from the Synth backend, served by an in-process agent. */
	SYNTHTUNNEL

}
