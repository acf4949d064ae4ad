package dev.taskapp.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the caller wants recorded in the rollout response.
 *
 * @param trajectories whether to return trajectories, {@code true} by default
 * @param logprobs whether to record log-probabilities
 * @param value whether to record value estimates
 * @param returnTrace whether the response carries a trace
 * @param traceFormat how much of the trace to return, {@link TraceFormat#COMPACT} by default
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolloutRecordConfig(@JsonProperty("trajectories") boolean trajectories,
		@JsonProperty("logprobs") boolean logprobs, @JsonProperty("value") boolean value,
		@JsonProperty("return_trace") boolean returnTrace, @JsonProperty("trace_format") TraceFormat traceFormat) {

	/** The defaults: trajectories, no log-probabilities, no values, no trace, compact. */
	public static final RolloutRecordConfig DEFAULTS = new RolloutRecordConfig(true, false, false, false,
			TraceFormat.COMPACT);

	/**
	 * Creates a record config.
	 */
	public RolloutRecordConfig {
		traceFormat = (traceFormat != null) ? traceFormat : TraceFormat.COMPACT;
	}

}
