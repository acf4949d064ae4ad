package dev.taskapp.autoconfigure;

import java.util.Locale;

import dev.taskapp.tunnel.TaskAppUrlReadyEvent;
import dev.taskapp.tunnel.TunnelManager;
import dev.taskapp.web.RolloutAdmission;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;

/**
 * Once the tunnel is open, lowers a rollout limit derived from the heap to the requests the
 * tunnel passes on at once, where it reports that (a SynthTunnel lease's
 * {@code limits.max_inflight}); an explicit {@code task-app.rollout.max-in-flight} is kept.
 */
final class TunnelAdmissionCap implements ApplicationListener<TaskAppUrlReadyEvent> {

	private final ObjectProvider<RolloutAdmission> admission;

	TunnelAdmissionCap(ObjectProvider<RolloutAdmission> admission) {
		this.admission = admission;
	}

	@Override
	public void onApplicationEvent(TaskAppUrlReadyEvent event) {
		if (!(event.getSource() instanceof TunnelManager manager)) {
			return;
		}
		RolloutAdmission rollouts = this.admission.getIfUnique();
		if (rollouts != null) {
			manager.getMaxInFlight()
				.ifPresent((cap) -> rollouts.capDefault(cap, "the " + manager.getMode().name().toLowerCase(
						Locale.ROOT) + " tunnel (max_inflight of its lease)"));
		}
	}

}
