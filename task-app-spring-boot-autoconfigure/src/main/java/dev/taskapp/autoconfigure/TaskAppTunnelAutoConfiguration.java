package dev.taskapp.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TunnelBackend;
import dev.taskapp.tunnel.TunnelManager;
import dev.taskapp.tunnel.TunnelManagerSettings;
import dev.taskapp.web.RolloutAdmission;
import dev.taskapp.web.TaskAppApiKeys;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the tunnel: the {@link TaskAppUrl} bean, the {@link TunnelBackend} of
 * {@code task-app.tunnel.mode} and the {@link TunnelManager} that opens it once the web server
 * listens.
 */
@AutoConfiguration(after = TaskAppAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean({ TaskAppConfig.class, TaskAppApiKeys.class })
@Conditional(OnWebServerContextCondition.class)
public final class TaskAppTunnelAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TaskAppUrl taskAppUrl(TaskAppApiKeys keys) {
		return new TaskAppUrl(keys.all());
	}

	@Bean
	@ConditionalOnMissingBean
	TunnelBackend taskAppTunnelBackend(TaskAppProperties properties, Environment environment) {
		TunnelBackends backends = new TunnelBackends(properties.tunnel(), environment);
		return backends.create(backends.resolvedMode());
	}

	@Bean
	TunnelAdmissionCap taskAppTunnelAdmissionCap(ObjectProvider<RolloutAdmission> admission) {
		return new TunnelAdmissionCap(admission);
	}

	@Bean
	@ConditionalOnMissingBean
	TaskAppServerCustomizer taskAppServerCustomizer(TaskAppProperties properties) {
		return new TaskAppServerCustomizer(properties.server().autoFindPort());
	}

	@Bean
	@ConditionalOnMissingBean
	TunnelManager taskAppTunnelManager(TunnelBackend backend, TaskAppUrl taskAppUrl, TaskAppProperties properties,
			ApplicationContext context, ObjectProvider<ObservationRegistry> observations) {
		TaskAppProperties.Tunnel tunnel = properties.tunnel();
		Map<String, String> verifyHeaders = StringUtils.hasText(tunnel.preconfigured().authHeader())
				&& StringUtils.hasText(tunnel.preconfigured().authToken())
						? Map.of(tunnel.preconfigured().authHeader(), tunnel.preconfigured().authToken()) : Map.of();
		TunnelManagerSettings settings = new TunnelManagerSettings(localHost(context), tunnel.startup(),
				tunnel.startupTimeout(), tunnel.healthCheckTimeout(), tunnel.verify().enabled(),
				tunnel.verify().timeout(), properties.contractBasePath(), verifyHeaders, Duration.ofSeconds(1),
				Duration.ofMinutes(1));
		return new TunnelManager(backend, taskAppUrl, settings,
				() -> ((WebServerApplicationContext) context).getWebServer().getPort(), context,
				observations.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	private static String localHost(ApplicationContext context) {
		String address = context.getEnvironment().getProperty("server.address");
		return (address != null && address.contains(":")) ? "[::1]" : "127.0.0.1";
	}

}
