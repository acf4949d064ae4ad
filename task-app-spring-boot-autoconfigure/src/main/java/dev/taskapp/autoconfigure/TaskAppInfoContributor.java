package dev.taskapp.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelManager;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds the task app to {@code /actuator/info}: its id, tunnel mode and state, and its URLs.
 * Never a key or a token.
 */
class TaskAppInfoContributor implements InfoContributor {

	private final TaskAppConfig config;

	private final TunnelManager manager;

	TaskAppInfoContributor(TaskAppConfig config, TunnelManager manager) {
		this.config = config;
		this.manager = manager;
	}

	@Override
	public void contribute(Info.Builder builder) {
		TaskAppUrl url = this.manager.getTaskAppUrl();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("app-id", this.config.appId());
		details.put("mode", this.manager.getMode().name().toLowerCase(Locale.ROOT));
		details.put("state", this.manager.getState().name().toLowerCase(Locale.ROOT));
		details.put("url", url.getIfReady());
		details.put("local-url", url.localUrl());
		builder.withDetail("task-app", details);
	}

}
