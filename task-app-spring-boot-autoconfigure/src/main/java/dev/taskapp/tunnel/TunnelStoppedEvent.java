package dev.taskapp.tunnel;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the tunnel was closed because the application is stopping.
 */
public class TunnelStoppedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the event.
	 * @param source the publisher
	 */
	public TunnelStoppedEvent(Object source) {
		super(source);
	}

}
