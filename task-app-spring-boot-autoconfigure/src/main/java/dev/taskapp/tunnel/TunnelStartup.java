package dev.taskapp.tunnel;

/**
 * Whether application start-up waits for the public URL ({@code task-app.tunnel.startup}).
 */
public enum TunnelStartup {

	/** Context start waits for the URL; failing to get one fails start-up. */
	BLOCK,

	/** The tunnel opens in the background; the URL is announced by an event when ready. */
	ASYNC

}
