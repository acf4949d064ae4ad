package dev.taskapp.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a task app stops ({@code task-app.shutdown.*}).
 *
 * @param drainDelay how long a stopping task app keeps serving after its readiness dropped,
 * before the tunnel closes and the web server drains the rollouts in flight: at least the time
 * the load balancer needs to notice (HAProxy: check interval times fall; Kubernetes: a few
 * seconds for the endpoints to update). 0 stops at once.
 */
@ConfigurationProperties("task-app.shutdown")
public record TaskAppShutdownProperties(@DefaultValue("0s") Duration drainDelay) {

}
