package dev.taskapp.inprocess;

/**
 * An {@link InProcessTaskApp} could not be started or made reachable. Its message says why
 * and what to change; whatever the start had set up is stopped before it is thrown.
 */
public class TaskAppStartException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what failed and what to change
	 * @param cause the failure
	 */
	public TaskAppStartException(String message, Throwable cause) {
		super(message, cause);
	}

}
