package dev.taskapp.tunnel.cloudflare;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines a process printed: a bounded buffer that the drain threads add to and error
 * messages quote from.
 */
final class OutputTail {

	private final int capacity;

	private final ArrayDeque<String> lines;

	OutputTail(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1");
		}
		this.capacity = capacity;
		this.lines = new ArrayDeque<>(Math.min(capacity, 256));
	}

	synchronized void add(String line) {
		if (this.lines.size() == this.capacity) {
			this.lines.removeFirst();
		}
		this.lines.addLast(line);
	}

	/**
	 * Returns the lines kept, oldest first.
	 * @return a copy of the lines
	 */
	synchronized List<String> lines() {
		return new ArrayList<>(this.lines);
	}

	/**
	 * Returns the last lines as one text, for an error message.
	 * @param count how many lines at most
	 * @return the lines joined by line breaks, or {@code (no output)}
	 */
	synchronized String last(int count) {
		if (this.lines.isEmpty()) {
			return "(no output)";
		}
		List<String> all = new ArrayList<>(this.lines);
		return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
	}

}
