package dev.taskapp.client;

import java.util.List;

/**
 * One page of a job's events.
 *
 * @param events the events, in the order the backend sent them
 * @param nextSeq the {@code since_seq} that asks for the events after this page: the
 * backend's {@code next_seq} when it sends one, else the highest sequence number of the page,
 * else the {@code since_seq} that was asked for
 */
public record PromptLearningJobEvents(List<PromptLearningJobEvent> events, long nextSeq) {

	/**
	 * Creates a page.
	 */
	public PromptLearningJobEvents {
		events = List.copyOf(events);
	}

	/**
	 * Returns whether the page is empty.
	 * @return whether there are no events
	 */
	public boolean isEmpty() {
		return this.events.isEmpty();
	}

}
