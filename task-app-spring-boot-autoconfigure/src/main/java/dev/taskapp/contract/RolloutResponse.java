package dev.taskapp.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body a task app answers {@code POST /rollout} with.
 *
 * @param runId the request's run id
 * @param trajectories the trajectories
 * @param branches branches of the run, by name
 * @param metrics the scores
 * @param aborted whether the rollout was aborted
 * @param opsExecuted number of operations executed
 * @param traceCorrelationId correlation id of the trace
 * @param trace the rollout's trace, when the request asked for one
 * @param pipelineMetadata free-form metadata; RL training expects {@code inference_url}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolloutResponse(@JsonProperty("run_id") String runId,
		@JsonProperty("trajectories") List<RolloutTrajectory> trajectories,
		@JsonProperty("branches") Map<String, List<String>> branches, @JsonProperty("metrics") RolloutMetrics metrics,
		@JsonProperty("aborted") boolean aborted, @JsonProperty("ops_executed") int opsExecuted,
		@JsonProperty("trace_correlation_id") @Nullable String traceCorrelationId,
		@JsonProperty("trace") @Nullable Map<String, Object> trace,
		@JsonProperty("pipeline_metadata") Map<String, Object> pipelineMetadata) {

	/**
	 * Creates a rollout response.
	 */
	public RolloutResponse {
		trajectories = Maps.immutable(trajectories);
		branches = Maps.immutable(branches);
		trace = Maps.immutableOrNull(trace);
		pipelineMetadata = Maps.immutable(pipelineMetadata);
	}

	/**
	 * Returns this response with the given run id.
	 * @param runId the run id
	 * @return a response with the run id
	 */
	public RolloutResponse withRunId(String runId) {
		return new RolloutResponse(runId, this.trajectories, this.branches, this.metrics, this.aborted,
				this.opsExecuted, this.traceCorrelationId, this.trace, this.pipelineMetadata);
	}

	/**
	 * Returns this response with the given trace correlation id.
	 * @param traceCorrelationId the correlation id
	 * @return a response with the correlation id
	 */
	public RolloutResponse withTraceCorrelationId(@Nullable String traceCorrelationId) {
		return new RolloutResponse(this.runId, this.trajectories, this.branches, this.metrics, this.aborted,
				this.opsExecuted, traceCorrelationId, this.trace, this.pipelineMetadata);
	}

	/**
	 * Returns a builder of a response to the given request: its run id and correlation id
	 * are taken from the request.
	 * @param request the request answered
	 * @return the builder
	 */
	public static Builder builder(RolloutRequest request) {
		return new Builder(request.runId()).traceCorrelationId(request.traceCorrelationId());
	}

	/**
	 * Returns a builder of a response for the given run.
	 * @param runId the run id
	 * @return the builder
	 */
	public static Builder builder(String runId) {
		return new Builder(runId);
	}

	/**
	 * Builds a {@link RolloutResponse}.
	 */
	public static final class Builder {

		private final String runId;

		private final List<RolloutTrajectory> trajectories = new ArrayList<>();

		private Map<String, List<String>> branches = Map.of();

		private @Nullable RolloutMetrics metrics;

		private boolean aborted;

		private int opsExecuted;

		private @Nullable String traceCorrelationId;

		private @Nullable Map<String, Object> trace;

		private final Map<String, Object> pipelineMetadata = new LinkedHashMap<>();

		private Builder(String runId) {
			this.runId = runId;
		}

		/**
		 * Adds a trajectory.
		 * @param trajectory the trajectory
		 * @return this builder
		 */
		public Builder trajectory(RolloutTrajectory trajectory) {
			this.trajectories.add(trajectory);
			return this;
		}

		/**
		 * Sets the branches.
		 * @param branches the branches by name
		 * @return this builder
		 */
		public Builder branches(Map<String, List<String>> branches) {
			this.branches = branches;
			return this;
		}

		/**
		 * Sets the metrics.
		 * @param metrics the metrics
		 * @return this builder
		 */
		public Builder metrics(RolloutMetrics metrics) {
			this.metrics = metrics;
			return this;
		}

		/**
		 * Sets whether the rollout was aborted.
		 * @param aborted whether the rollout was aborted
		 * @return this builder
		 */
		public Builder aborted(boolean aborted) {
			this.aborted = aborted;
			return this;
		}

		/**
		 * Sets the number of operations executed.
		 * @param opsExecuted the number of operations
		 * @return this builder
		 */
		public Builder opsExecuted(int opsExecuted) {
			this.opsExecuted = opsExecuted;
			return this;
		}

		/**
		 * Sets the trace correlation id.
		 * @param traceCorrelationId the correlation id
		 * @return this builder
		 */
		public Builder traceCorrelationId(@Nullable String traceCorrelationId) {
			this.traceCorrelationId = traceCorrelationId;
			return this;
		}

		/**
		 * Sets the trace.
		 * @param trace the trace payload
		 * @return this builder
		 */
		public Builder trace(@Nullable Map<String, Object> trace) {
			this.trace = trace;
			return this;
		}

		/**
		 * Adds an entry of the pipeline metadata.
		 * @param key the key
		 * @param value the value
		 * @return this builder
		 */
		public Builder pipelineMetadata(String key, Object value) {
			this.pipelineMetadata.put(key, value);
			return this;
		}

		/**
		 * Builds the response.
		 * @return the response
		 * @throws IllegalStateException if no metrics were set
		 */
		public RolloutResponse build() {
			if (this.metrics == null) {
				throw new IllegalStateException("RolloutResponse needs metrics");
			}
			return new RolloutResponse(this.runId, this.trajectories, this.branches, this.metrics, this.aborted,
					this.opsExecuted, this.traceCorrelationId, this.trace, this.pipelineMetadata);
		}

	}

}
