package dev.taskapp.tunnel;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the tunnel could not be opened, or was lost and could not yet be reopened
 * (the manager keeps trying in that case).
 */
public class TunnelFailedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final Throwable cause;

	private final boolean retrying;

	/**
	 * Creates the event.
	 * @param source the publisher
	 * @param cause what went wrong
	 * @param retrying whether the manager tries again
	 */
	public TunnelFailedEvent(Object source, Throwable cause, boolean retrying) {
		super(source);
		this.cause = cause;
		this.retrying = retrying;
	}

	/**
	 * Returns what went wrong.
	 * @return the cause
	 */
	public Throwable getCause() {
		return this.cause;
	}

	/**
	 * Returns whether the manager tries to open the tunnel again.
	 * @return whether a retry follows
	 */
	public boolean isRetrying() {
		return this.retrying;
	}

}
