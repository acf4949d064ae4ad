package dev.taskapp.tracing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * The meters of rollouts beyond the {@code task.app.rollout} timer: the gauge
 * {@code task.app.rollout.in.flight} (rollouts running now) and the distribution summary
 * {@code task.app.rollout.reward} ({@code metrics.mean_return} of every answered rollout,
 * tagged by {@code mode} and {@code outcome}). An {@link ObservationHandler} of
 * {@link RolloutTracing#OBSERVATION_NAME} observations and a {@link MeterBinder}: Spring Boot
 * registers it with the observation registry and binds it to the meter registries.
 */
public final class RolloutMeters implements ObservationHandler<RolloutObservationContext>, MeterBinder {

	/** Name of the in-flight gauge. */
	public static final String IN_FLIGHT = "task.app.rollout.in.flight";

	/** Name of the reward summary. */
	public static final String REWARD = "task.app.rollout.reward";

	private final AtomicInteger inFlight = new AtomicInteger();

	/** The reward summaries of each registry, by mode and outcome: looked up once, not per rollout. */
	private final List<RewardSummaries> rewards = new CopyOnWriteArrayList<>();

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(IN_FLIGHT, this.inFlight, AtomicInteger::get)
			.description("Rollouts running now")
			.register(registry);
		this.rewards.add(new RewardSummaries(registry));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof RolloutObservationContext;
	}

	@Override
	public void onStart(RolloutObservationContext context) {
		this.inFlight.incrementAndGet();
	}

	@Override
	public void onStop(RolloutObservationContext context) {
		this.inFlight.decrementAndGet();
		Double reward = context.getReward();
		if (reward == null) {
			return;
		}
		String outcome = (context.getLowCardinalityKeyValue("outcome") != null)
				? context.getLowCardinalityKeyValue("outcome").getValue() : "unknown";
		for (RewardSummaries summaries : this.rewards) {
			summaries.of(context.getMode(), outcome).record(reward);
		}
	}

	/**
	 * Returns the number of rollouts running now.
	 * @return the count
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * The reward summaries of one registry.
	 */
	private static final class RewardSummaries {

		private final MeterRegistry registry;

		private final Map<String, Map<String, DistributionSummary>> byModeAndOutcome = new ConcurrentHashMap<>();

		RewardSummaries(MeterRegistry registry) {
			this.registry = registry;
		}

		DistributionSummary of(String mode, String outcome) {
			return this.byModeAndOutcome.computeIfAbsent(mode, (key) -> new ConcurrentHashMap<>())
				.computeIfAbsent(outcome, (key) -> DistributionSummary.builder(REWARD)
					.description("Reward (metrics.mean_return) of answered rollouts")
					.tag("mode", mode)
					.tag("outcome", outcome)
					.register(this.registry));
		}

	}

}
