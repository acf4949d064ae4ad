package dev.taskapp.client.optimizers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a server-sent-event stream, fed in chunks as they arrive, into the data of its
 * events, as {@code HostedOptimizerClient._sse_events} of {@code synth_optimizers/hosted.py}
 * reads it: {@code data:} lines are joined with new lines, lines starting with {@code ':'}
 * (comments, keep-alives) and other fields ({@code event:}, {@code id:}) are ignored, and a blank
 * line ends an event. Lines are split on bytes and decoded whole, so a character split across
 * two chunks is read correctly. Not thread-safe: one instance per stream.
 */
final class SseDecoder {

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private final List<String> data = new ArrayList<>();

	/**
	 * Reads a chunk.
	 * @param chunk the bytes that arrived
	 * @return the data of every event the chunk completed, in order
	 */
	List<String> feed(byte[] chunk) {
		List<String> events = new ArrayList<>();
		for (byte b : chunk) {
			if (b == '\n') {
				endLine(events);
			}
			else {
				this.line.write(b);
			}
		}
		return events;
	}

	/**
	 * Ends the stream.
	 * @return the data of an event the stream ended without a blank line after, if any
	 */
	List<String> finish() {
		List<String> events = new ArrayList<>();
		if (this.line.size() > 0) {
			endLine(events);
		}
		if (!this.data.isEmpty()) {
			events.add(String.join("\n", this.data));
			this.data.clear();
		}
		return events;
	}

	private void endLine(List<String> events) {
		String text = this.line.toString(StandardCharsets.UTF_8);
		this.line.reset();
		if (text.endsWith("\r")) {
			text = text.substring(0, text.length() - 1);
		}
		if (text.startsWith(":")) {
			return;
		}
		if (text.startsWith("data:")) {
			this.data.add(text.substring(5).strip());
			return;
		}
		if (text.isEmpty() && !this.data.isEmpty()) {
			events.add(String.join("\n", this.data));
			this.data.clear();
		}
	}

}
