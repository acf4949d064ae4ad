package dev.taskapp.tunnel.cloudflare;

/**
 * Which Synth backend API mode {@code named} gets a managed Cloudflare tunnel from when no
 * tunnel token is configured.
 */
public enum ManagedTunnelApi {

	/**
	 * The tunnels API of the task-app SDK ({@code /api/v1/tunnels/}): one tunnel per account,
	 * whose hostname leads straight to the task app's port.
	 */
	TUNNELS,

	/**
	 * The lease API of the Synth optimizers ({@code /v1/tunnels/lease}): a leased route under a
	 * path prefix, served through a local gateway, kept alive by heartbeats and released on close.
	 */
	LEASE

}
