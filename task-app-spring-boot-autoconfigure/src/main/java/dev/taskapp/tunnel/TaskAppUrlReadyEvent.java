package dev.taskapp.tunnel;

import org.springframework.context.ApplicationEvent;

/**
 * Published once the task app's public URL is open and verified.
 */
public class TaskAppUrlReadyEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient TaskAppUrl taskAppUrl;

	/**
	 * Creates the event.
	 * @param source the publisher
	 * @param taskAppUrl the URL holder, ready
	 */
	public TaskAppUrlReadyEvent(Object source, TaskAppUrl taskAppUrl) {
		super(source);
		this.taskAppUrl = taskAppUrl;
	}

	/**
	 * Returns the URL holder, with its public URL ready.
	 * @return the URL holder
	 */
	public TaskAppUrl getTaskAppUrl() {
		return this.taskAppUrl;
	}

	/**
	 * Returns the public URL.
	 * @return the public base URL
	 */
	public String getUrl() {
		return this.taskAppUrl.get(java.time.Duration.ZERO);
	}

}
