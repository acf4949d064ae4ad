package dev.taskapp.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata the build generates: every property is described, the documented names
 * exist, and the enum-like properties offer their values.
 */
class ConfigurationMetadataTests {

	private static final List<String> DOCUMENTED = List.of("task-app.api-key", "task-app.api-key-aliases",
			"task-app.auth.enabled", "task-app.auth.failure-status", "task-app.base-path", "task-app.max-request-size",
			"task-app.server.auto-find-port", "task-app.tunnel.mode", "task-app.tunnel.startup",
			"task-app.tunnel.startup-timeout", "task-app.tunnel.health-check-timeout", "task-app.tunnel.verify.enabled",
			"task-app.tunnel.verify.timeout", "task-app.tunnel.preconfigured.url",
			"task-app.tunnel.preconfigured.auth-header", "task-app.tunnel.preconfigured.auth-token",
			"task-app.tunnel.cloudflared.path", "task-app.tunnel.cloudflared.grace-period", "task-app.tunnel.named.token",
			"task-app.tunnel.named.hostname", "task-app.tunnel.synth.api-key", "task-app.tunnel.synth.backend-url",
			"task-app.tracing.enabled", "task-app.tracing.db-path", "task-app.tracing.sft-output-dir",
			"task-app.tracing.queue-capacity", "task-app.tracing.batch-size",
			"task-app.tracing.url", "task-app.tracing.username", "task-app.tracing.password",
			"task-app.shutdown.drain-delay");

	private final JsonNode metadata = read();

	@Test
	void everyDocumentedPropertyIsInTheMetadata() {
		assertThat(propertyNames()).containsAll(DOCUMENTED);
	}

	@Test
	void everyPropertyHasADescription() {
		List<String> undocumented = new ArrayList<>();
		for (JsonNode property : this.metadata.get("properties")) {
			JsonNode description = property.get("description");
			if (description == null || description.asString().isBlank()) {
				undocumented.add(property.get("name").asString());
			}
		}
		assertThat(undocumented).isEmpty();
	}

	@Test
	void defaultsAreInTheMetadata() {
		assertThat(defaultOf("task-app.tunnel.mode")).isEqualTo("auto");
		assertThat(defaultOf("task-app.max-request-size")).isEqualTo("16MB");
		assertThat(defaultOf("task-app.tunnel.verify.timeout")).isEqualTo("60s");
		assertThat(defaultOf("task-app.auth.failure-status")).isEqualTo("401");
		assertThat(defaultOf("task-app.tracing.enabled")).isEqualTo("false");
		assertThat(defaultOf("task-app.tracing.db-path")).isEqualTo("traces/task_app_traces.db");
		assertThat(defaultOf("task-app.tracing.queue-capacity")).isEqualTo("10000");
	}

	@Test
	void tunnelModeOffersEveryMode() {
		Set<String> values = new HashSet<>();
		for (JsonNode hint : this.metadata.get("hints")) {
			if (hint.get("name").asString().equals("task-app.tunnel.mode")) {
				hint.get("values").forEach((value) -> values.add(value.get("value").asString()));
			}
		}
		assertThat(values).containsExactlyInAnyOrder("auto", "local", "preconfigured", "quick", "named", "synthtunnel");
	}

	private String defaultOf(String name) {
		for (JsonNode property : this.metadata.get("properties")) {
			if (property.get("name").asString().equals(name) && property.has("defaultValue")) {
				return property.get("defaultValue").asString();
			}
		}
		return null;
	}

	private Set<String> propertyNames() {
		Set<String> names = new HashSet<>();
		this.metadata.get("properties").forEach((property) -> names.add(property.get("name").asString()));
		return names;
	}

	private static JsonNode read() {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return TaskAppJson.mapper().readTree(in);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
