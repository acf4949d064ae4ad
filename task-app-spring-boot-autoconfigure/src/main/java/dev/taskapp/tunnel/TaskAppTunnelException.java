package dev.taskapp.tunnel;

/**
 * Thrown from application start-up when the task app could not be made reachable; its cause
 * is the {@link TunnelStartException} that says why.
 */
public class TaskAppTunnelException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param cause why the tunnel could not be opened
	 */
	public TaskAppTunnelException(TunnelStartException cause) {
		super("The task app could not be made reachable: " + cause.getMessage(), cause);
	}

	/**
	 * Returns why the tunnel could not be opened.
	 * @return the start failure
	 */
	public TunnelStartException getStartFailure() {
		return (TunnelStartException) getCause();
	}

}
