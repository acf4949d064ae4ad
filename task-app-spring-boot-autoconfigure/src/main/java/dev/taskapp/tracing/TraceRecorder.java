package dev.taskapp.tracing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Records the LM calls of one rollout, for the trace the response carries
 * ({@code record.return_trace}) and for the trace store. A handler gets it from
 * {@code RolloutContext.traces()}; when nothing asks for a trace it is a shared recorder that
 * ignores every call, so recording costs nothing.
 * <p>
 * Recording never fails a rollout: an answer that cannot be read is skipped (and logged at
 * debug level). The recorder may be used from several threads.
 *
 * <pre class="code">
 * Instant startedAt = Instant.now();
 * // ... post body to context.chatCompletionsUrl(), read the answer as bytes ...
 * context.traces().recordChatCompletion(body, answerBytes, startedAt, Instant.now());
 * </pre>
 *
 * @see ChatCompletionsTracing
 */
public final class TraceRecorder {

	private static final Log logger = LogFactory.getLog(TraceRecorder.class);

	private static final TraceRecorder DISABLED = new TraceRecorder(null, false);

	private final @Nullable String chatCompletionsUrl;

	private final boolean recording;

	private final List<LmCall> calls;

	private TraceRecorder(@Nullable String chatCompletionsUrl, boolean recording) {
		this.chatCompletionsUrl = chatCompletionsUrl;
		this.recording = recording;
		this.calls = recording ? new ArrayList<>(2) : List.of();
	}

	/**
	 * Returns the recorder that ignores every call.
	 * @return the shared disabled recorder
	 */
	public static TraceRecorder disabled() {
		return DISABLED;
	}

	/**
	 * Returns a new recorder for one rollout.
	 * @param chatCompletionsUrl the rollout's chat-completions URL, whose calls
	 * {@link ChatCompletionsTracing#exchangeFilter()} records, or {@code null}
	 * @return the recorder
	 */
	public static TraceRecorder create(@Nullable String chatCompletionsUrl) {
		return new TraceRecorder(chatCompletionsUrl, true);
	}

	/**
	 * Returns whether calls are recorded; when not, skip building what would be recorded.
	 * @return whether this recorder records
	 */
	public boolean isRecording() {
		return this.recording;
	}

	/**
	 * Returns the chat-completions URL of the rollout.
	 * @return the URL, or {@code null} when the rollout has none or nothing is recorded
	 */
	public @Nullable String chatCompletionsUrl() {
		return this.chatCompletionsUrl;
	}

	/**
	 * Records a call.
	 * @param call the call
	 */
	public void record(LmCall call) {
		if (this.recording) {
			synchronized (this.calls) {
				this.calls.add(call);
			}
		}
	}

	/**
	 * Records a chat-completions exchange from its request and answer bodies.
	 * @param request the request body as sent (maps, or beans and records written as JSON)
	 * @param response the answer body as received
	 * @param startedAt when the request was sent
	 * @param endedAt when the answer was complete
	 */
	public void recordChatCompletion(Map<String, ?> request, Map<String, ?> response, Instant startedAt,
			Instant endedAt) {
		if (this.recording) {
			try {
				record(LmCall.fromChatCompletion(request, response, startedAt, endedAt));
			}
			catch (RuntimeException ex) {
				skipped(ex);
			}
		}
	}

	/**
	 * Records a chat-completions exchange whose answer is raw JSON, as read from the wire.
	 * @param request the request body as sent
	 * @param responseJson the answer body; skipped when it is not a JSON object
	 * @param startedAt when the request was sent
	 * @param endedAt when the answer was complete
	 */
	public void recordChatCompletion(Map<String, ?> request, byte[] responseJson, Instant startedAt,
			Instant endedAt) {
		if (this.recording) {
			try {
				Map<String, Object> response = TraceJson.read(responseJson);
				if (response != null) {
					record(LmCall.fromChatCompletion(request, response, startedAt, endedAt));
				}
			}
			catch (RuntimeException ex) {
				skipped(ex);
			}
		}
	}

	/**
	 * Records a chat-completions exchange whose request and answer are raw JSON.
	 * @param requestJson the request body as sent
	 * @param responseJson the answer body as received
	 * @param startedAt when the request was sent
	 * @param endedAt when the answer was complete
	 */
	public void recordChatCompletion(byte[] requestJson, byte[] responseJson, Instant startedAt, Instant endedAt) {
		if (this.recording) {
			try {
				Map<String, Object> request = TraceJson.read(requestJson);
				Map<String, Object> response = TraceJson.read(responseJson);
				if (request != null && response != null) {
					record(LmCall.fromChatCompletion(request, response, startedAt, endedAt));
				}
			}
			catch (RuntimeException ex) {
				skipped(ex);
			}
		}
	}

	private static void skipped(RuntimeException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Skipped recording an LM call whose bodies could not be read", ex);
		}
	}

	/**
	 * Returns the calls recorded so far, in the order they were recorded.
	 * @return a snapshot of the calls
	 */
	public List<LmCall> calls() {
		if (!this.recording) {
			return List.of();
		}
		synchronized (this.calls) {
			return List.copyOf(this.calls);
		}
	}

	@Override
	public String toString() {
		return this.recording ? "TraceRecorder[calls=" + calls().size() + "]" : "TraceRecorder[disabled]";
	}

}
