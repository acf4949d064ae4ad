package dev.taskapp.tracing;

import java.util.List;
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

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(IN_FLIGHT, this.inFlight, AtomicInteger::get)
			.description("Rollouts running now")
			.register(registry);
		this.registries.add(registry);
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
		for (MeterRegistry registry : this.registries) {
			DistributionSummary.builder(REWARD)
				.description("Reward (metrics.mean_return) of answered rollouts")
				.tag("mode", context.getMode())
				.tag("outcome", outcome)
				.register(registry)
				.record(reward);
		}
	}

	/**
	 * Returns the number of rollouts running now.
	 * @return the count
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

}
