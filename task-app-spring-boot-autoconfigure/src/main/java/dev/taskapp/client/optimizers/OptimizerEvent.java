package dev.taskapp.client.optimizers;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One event of a hosted-optimizer run, read as {@code OptimizerEvent.from_payload} of
 * {@code synth_optimizers/observability.py} reads it: the type from {@code type} or
 * {@code event_type}, the sequence number from {@code sequence_number}, {@code _seq} or
 * {@code seq}, the run from {@code run_id} or {@code optimizer_run_id}, the time from
 * {@code created_at} or {@code ts}.
 *
 * @param type the event type, such as {@code optimizer.candidate.accepted};
 * {@code optimizer.event} when it names none
 * @param seq the sequence number, or {@code null} when the event carries none
 * @param runId the run id, empty when the event names none
 * @param createdAt when the event happened, as the backend wrote it, or {@code null}
 * @param raw the whole event, unmodifiable
 */
public record OptimizerEvent(String type, @Nullable Long seq, String runId, @Nullable String createdAt,
		Map<String, Object> raw) {

	/** The event types that end a run. */
	public static final Set<String> RUN_END_TYPES = Set.of("optimizer.run.completed", "optimizer.run.failed",
			"optimizer.run.cancelled");

	/**
	 * Creates an event.
	 */
	public OptimizerEvent {
		raw = JsonValues.unmodifiable(raw);
	}

	/**
	 * Reads an event from its decoded JSON object.
	 * @param payload the object
	 * @return the event
	 */
	static OptimizerEvent of(Map<String, Object> payload) {
		String type = JsonValues.firstText(payload, "type", "event_type");
		Long seq = JsonValues.firstLong(payload, "sequence_number", "_seq", "seq");
		String runId = JsonValues.firstText(payload, "run_id", "optimizer_run_id");
		return new OptimizerEvent((type != null) ? type : "optimizer.event", seq, (runId != null) ? runId : "",
				JsonValues.firstText(payload, "created_at", "ts"), payload);
	}

	/**
	 * Returns whether this event ends the run.
	 * @return whether the type is one of {@link #RUN_END_TYPES}
	 */
	public boolean isRunEnd() {
		return RUN_END_TYPES.contains(this.type);
	}

}
