package dev.taskapp.autoconfigure;

import java.time.Duration;

import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.web.RolloutAdmission;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tunnel in Actuator: the {@code taskAppTunnel} health indicator and the {@code task-app}
 * info entry, each of which can be turned off; the readiness group with the tunnel state and
 * the admission saturation.
 */
class TaskAppActuatorTests {

	private static final String[] ACTUATOR = { "--server.port=0", "--task-app.api-key=sk_actuator_secret",
			"--management.endpoints.web.exposure.include=health,info", "--management.endpoint.health.show-details=always",
			"--management.info.defaults.enabled=true" };

	private static final String[] PROBES = { "--management.endpoint.health.probes.enabled=true",
			"--management.endpoint.health.group.readiness.include=readinessState,taskAppTunnel",
			"--management.endpoint.health.group.readiness.show-components=always",
			"--management.endpoint.health.group.readiness.show-details=always",
			"--management.endpoint.health.group.liveness.include=livenessState",
			"--management.endpoint.health.group.liveness.show-components=always" };

	@Test
	void healthIsUpWithTheModeAndTheUrlAndNeedsNoKey() {
		try (ConfigurableApplicationContext context = run()) {
			String url = context.getBean(TaskAppUrl.class).get(Duration.ZERO);
			client(context).get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.taskAppTunnel.status")
				.isEqualTo("UP")
				.jsonPath("$.components.taskAppTunnel.details.mode")
				.isEqualTo("local")
				.jsonPath("$.components.taskAppTunnel.details.url")
				.isEqualTo(url);
			assertThat(new String(client(context).get().uri("/actuator/health").exchange().expectBody()
				.returnResult().getResponseBodyContent())).doesNotContain("sk_actuator");
		}
	}

	@Test
	void infoNamesTheAppModeAndUrlsWithoutSecrets() {
		try (ConfigurableApplicationContext context = run()) {
			String url = context.getBean(TaskAppUrl.class).get(Duration.ZERO);
			byte[] body = client(context).get()
				.uri("/actuator/info")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.task-app.app-id")
				.isEqualTo("scripted")
				.jsonPath("$.task-app.mode")
				.isEqualTo("local")
				.jsonPath("$.task-app.url")
				.isEqualTo(url)
				.returnResult()
				.getResponseBodyContent();
			assertThat(new String(body)).doesNotContain("sk_actuator");
		}
	}

	@Test
	void healthIndicatorAndInfoContributorCanBeTurnedOff() {
		try (ConfigurableApplicationContext context = run("--management.health.task-app-tunnel.enabled=false",
				"--management.info.task-app.enabled=false")) {
			assertThat(context.containsBean("taskAppTunnelHealthIndicator")).isFalse();
			assertThat(context.containsBean("taskAppInfoContributor")).isFalse();
		}
	}

	@Test
	void readinessGroupCarriesTheTunnelStateAndLivenessDoesNot() {
		try (ConfigurableApplicationContext context = run(PROBES)) {
			client(context).get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.taskAppTunnel.status")
				.isEqualTo("UP")
				.jsonPath("$.components.readinessState.status")
				.isEqualTo("UP");
			client(context).get()
				.uri("/actuator/health/liveness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.taskAppTunnel")
				.doesNotExist();
		}
	}

	@Test
	void saturatedAdmissionTakesTheReplicaOutOfReadinessButNotOutOfLiveness() {
		String[] probes = java.util.Arrays.stream(PROBES)
			.map((arg) -> arg.replace("readinessState,taskAppTunnel", "readinessState,taskAppTunnel,taskAppAdmission"))
			.toArray(String[]::new);
		String[] args = java.util.stream.Stream
			.concat(java.util.Arrays.stream(probes),
					java.util.stream.Stream.of("--task-app.rollout.max-in-flight=2",
							"--management.health.task-app-admission.enabled=true"))
			.toArray(String[]::new);
		try (ConfigurableApplicationContext context = run(args)) {
			client(context).get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.taskAppAdmission.details.limit")
				.isEqualTo(2);
			RolloutAdmission admission = context.getBean(RolloutAdmission.class);
			assertThat(admission.tryAcquire()).isTrue();
			assertThat(admission.tryAcquire()).isTrue();
			client(context).get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.components.taskAppAdmission.status")
				.isEqualTo("OUT_OF_SERVICE");
			client(context).get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		}
	}

	@Test
	void admissionIndicatorIsOffUnlessEnabled() {
		try (ConfigurableApplicationContext context = run("--task-app.rollout.max-in-flight=1")) {
			assertThat(context.getBean(RolloutAdmission.class).tryAcquire()).isTrue();
			client(context).get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.taskAppAdmission")
				.doesNotExist();
		}
	}

	private static ConfigurableApplicationContext run(String... more) {
		String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(ACTUATOR), java.util.Arrays.stream(more))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(TunnelTestApplication.class).web(WebApplicationType.REACTIVE).run(args);
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

}
