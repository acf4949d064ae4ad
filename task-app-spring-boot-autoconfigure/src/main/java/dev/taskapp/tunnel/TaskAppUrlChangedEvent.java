package dev.taskapp.tunnel;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a lost tunnel was reopened with a different public URL. Jobs submitted with
 * the previous URL will not reach the task app any more.
 */
public class TaskAppUrlChangedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final @Nullable String previousUrl;

	private final String url;

	/**
	 * Creates the event.
	 * @param source the publisher
	 * @param previousUrl the URL before the change
	 * @param url the new URL
	 */
	public TaskAppUrlChangedEvent(Object source, @Nullable String previousUrl, String url) {
		super(source);
		this.previousUrl = previousUrl;
		this.url = url;
	}

	/**
	 * Returns the URL before the change.
	 * @return the previous URL
	 */
	public @Nullable String getPreviousUrl() {
		return this.previousUrl;
	}

	/**
	 * Returns the new URL.
	 * @return the new URL
	 */
	public String getUrl() {
		return this.url;
	}

}
