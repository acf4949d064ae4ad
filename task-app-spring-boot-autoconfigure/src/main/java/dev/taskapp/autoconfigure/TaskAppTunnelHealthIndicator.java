package dev.taskapp.autoconfigure;

import java.util.Locale;

import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelManager;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the task-app tunnel: UP with the mode and the public URL once it is ready, DOWN
 * with the reason while it is failed or being reopened, UNKNOWN while it opens.
 */
class TaskAppTunnelHealthIndicator extends AbstractHealthIndicator {

	private final TunnelManager manager;

	TaskAppTunnelHealthIndicator(TunnelManager manager) {
		super("Task-app tunnel health check failed");
		this.manager = manager;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		TaskAppUrl url = this.manager.getTaskAppUrl();
		builder.withDetail("mode", this.manager.getMode().name().toLowerCase(Locale.ROOT))
			.withDetail("state", this.manager.getState().name().toLowerCase(Locale.ROOT));
		switch (this.manager.getState()) {
			case READY -> builder.up().withDetail("url", url.getIfReady()).withDetail("localUrl", url.localUrl());
			case FAILED, RESTARTING -> {
				builder.down();
				Throwable failure = this.manager.getLastFailure();
				if (failure != null) {
					builder.withDetail("reason", String.valueOf(failure.getMessage()));
				}
			}
			case STARTING, STOPPED -> builder.unknown();
		}
	}

}
