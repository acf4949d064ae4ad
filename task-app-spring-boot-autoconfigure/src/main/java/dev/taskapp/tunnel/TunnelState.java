package dev.taskapp.tunnel;

/**
 * Where the tunnel of a running task app stands.
 */
public enum TunnelState {

	/** Not started, or stopped. */
	STOPPED,

	/** Opening for the first time. */
	STARTING,

	/** Open and verified. */
	READY,

	/** Lost after it was ready; being reopened. */
	RESTARTING,

	/** Could not be opened. */
	FAILED

}
