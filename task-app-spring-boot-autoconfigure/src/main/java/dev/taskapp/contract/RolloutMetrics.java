package dev.taskapp.contract;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The scores of a rollout. {@code mean_return} is what optimisers maximise.
 *
 * @param episodeReturns the return of each episode
 * @param meanReturn the mean return
 * @param numSteps number of steps
 * @param numEpisodes number of episodes
 * @param outcomeScore the outcome score, usually the mean return
 * @param eventsScore the events score, if any
 * @param details free-form details
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolloutMetrics(@JsonProperty("episode_returns") List<Double> episodeReturns,
		@JsonProperty("mean_return") double meanReturn, @JsonProperty("num_steps") int numSteps,
		@JsonProperty("num_episodes") int numEpisodes, @JsonProperty("outcome_score") @Nullable Double outcomeScore,
		@JsonProperty("events_score") @Nullable Double eventsScore,
		@JsonProperty("details") Map<String, Object> details) {

	/**
	 * Creates metrics.
	 */
	public RolloutMetrics {
		episodeReturns = Maps.immutable(episodeReturns);
		details = Maps.immutable(details);
	}

	/**
	 * Returns the metrics of a single episode whose return is also its outcome score.
	 * @param reward the episode's return
	 * @param numSteps number of steps
	 * @return the metrics
	 */
	public static RolloutMetrics ofSingleEpisode(double reward, int numSteps) {
		return new RolloutMetrics(List.of(reward), reward, numSteps, 1, reward, null, Map.of());
	}

}
