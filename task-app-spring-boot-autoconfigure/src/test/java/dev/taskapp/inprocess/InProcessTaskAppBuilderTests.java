package dev.taskapp.inprocess;

import java.time.Duration;
import java.util.Map;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TunnelMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The checks of {@link InProcessTaskApp.Builder}: the Synth SDK's rules and messages, and the
 * properties the options become. No server is started.
 */
class InProcessTaskAppBuilderTests {

	private static final TaskAppConfig CONFIG = ScriptedTaskApp.reactive();

	private static InProcessTaskApp.Builder builder() {
		return InProcessTaskApp.builder().environment((name) -> null);
	}

	@Test
	void withoutAConfigTheBuilderFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().build())
			.withMessage("Must provide exactly one of: config, configSupplier, or configClass (got none)");
	}

	@Test
	void withSeveralConfigsTheBuilderFailsNamingThem() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder().config(CONFIG).configClass(InProcessTaskAppBuilderTests.class).build())
			.withMessage("Must provide exactly one of: config, configSupplier, or configClass (got config 'scripted',"
					+ " configClass dev.taskapp.inprocess.InProcessTaskAppBuilderTests)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder().configSupplier(() -> CONFIG).configSupplier(() -> CONFIG).build())
			.withMessageStartingWith("Must provide exactly one of: config, configSupplier, or configClass (got"
					+ " configSupplier, configSupplier)");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 80, 1023, 65536, -1 })
	void portOutsideTheUnprivilegedRangeIsRejected(int port) {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().config(CONFIG).port(port).build())
			.withMessage("Port must be in range [1024, 65535], got " + port);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1024, 8114, 65535 })
	void portInsideTheRangeIsAccepted(int port) {
		assertThat(options(builder().config(CONFIG).port(port)).port()).isEqualTo(port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "192.168.1.10", "example.com", "", "127.0.0.2", "::" })
	void hostOtherThanLoopbackOrTheWildcardIsRejected(String host) {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().config(CONFIG).host(host).build())
			.withMessage("Host must be one of (127.0.0.1, localhost, 0.0.0.0, ::1) for security reasons, got " + host);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "localhost", "0.0.0.0", "::1" })
	void loopbackAndWildcardHostsAreAccepted(String host) {
		assertThat(options(builder().config(CONFIG).host(host)).host()).isEqualTo(host);
	}

	@Test
	void unknownTunnelModeIsRejectedListingTheValidOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().config(CONFIG).tunnelMode("ngrok").build())
			.withMessage(
					"tunnelMode must be one of (auto, local, preconfigured, quick, named, synthtunnel), got ngrok");
	}

	@ParameterizedTest
	@CsvSource({ "local, LOCAL", "LOCALHOST, LOCAL", " quick , QUICK", "cloudflare_quick, QUICK",
			"synth_tunnel, SYNTHTUNNEL", "SynthTunnel, SYNTHTUNNEL", "named, NAMED", "auto, AUTO" })
	void tunnelModeNamesAreReadAsTheSdkReadsThem(String name, TunnelMode mode) {
		assertThat(options(builder().config(CONFIG).tunnelMode(name)).tunnelMode()).isEqualTo(mode);
	}

	@Test
	void preconfiguredModeWithoutUrlIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder().config(CONFIG).tunnelMode(TunnelMode.PRECONFIGURED).build())
			.withMessage("tunnelMode 'preconfigured' requires preconfiguredUrl(...) or the SYNTH_TASK_APP_URL"
					+ " environment variable");
	}

	@Test
	void preconfiguredModeTakesItsUrlFromTheBuilderOrTheSdkVariable() {
		assertThat(options(builder().config(CONFIG).tunnelMode("preconfigured").preconfiguredUrl("https://a.test"))
			.applicationProperties()).containsEntry("task-app.tunnel.preconfigured.url", "https://a.test");
		InProcessTaskApp.Builder fromVariable = InProcessTaskApp.builder()
			.environment((name) -> "SYNTH_TASK_APP_URL".equals(name) ? "https://b.test" : null)
			.config(CONFIG)
			.tunnelMode(TunnelMode.PRECONFIGURED);
		assertThat(options(fromVariable).tunnelMode()).isEqualTo(TunnelMode.PRECONFIGURED);
	}

	@Test
	void inputsAreCheckedBeforeThePortAndThePortBeforeTheHost() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().port(1).host("10.0.0.1").build())
			.withMessageStartingWith("Must provide exactly one of");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder().config(CONFIG).port(1).host("10.0.0.1").tunnelMode("x").build())
			.withMessageStartingWith("Port must be in range");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder().config(CONFIG).host("10.0.0.1").tunnelMode("x").build())
			.withMessageStartingWith("Host must be one of");
	}

	@Test
	void nonPositiveHealthCheckTimeoutIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder().config(CONFIG).healthCheckTimeout(Duration.ZERO).build())
			.withMessage("healthCheckTimeout must be positive, got PT0S");
	}

	@ParameterizedTest
	@CsvSource({ "server.port, port(int)", "SERVER.ADDRESS, host(String)", "task-app.tunnel.mode, tunnelMode(...)",
			"task-app.tunnel.healthCheckTimeout, healthCheckTimeout(Duration)",
			"task-app.server.auto-find-port, autoFindPort(boolean)" })
	void propertiesWithAnOptionOfTheirOwnAreSetWithThatOption(String name, String option) {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().property(name, "x"))
			.withMessage("Property " + name + " is set with " + option + ", not property(...)");
	}

	@Test
	void defaultsAreTheSdkDefaultsExceptTheLocalTunnel() {
		InProcessTaskAppOptions options = options(builder().config(CONFIG));
		assertThat(options.applicationProperties()).containsEntry("server.port", 8114)
			.containsEntry("server.address", "127.0.0.1")
			.containsEntry("task-app.tunnel.mode", "local")
			.containsEntry("task-app.tunnel.startup", "block")
			.containsEntry("task-app.server.auto-find-port", true)
			.containsEntry("task-app.tunnel.health-check-timeout", "30000ms")
			.containsEntry("spring.main.web-application-type", "reactive");
	}

	@Test
	void optionsBecomeApplicationProperties() {
		InProcessTaskAppOptions options = options(builder().config(CONFIG)
			.port(9001)
			.host("0.0.0.0")
			.tunnelMode(TunnelMode.QUICK)
			.autoFindPort(false)
			.healthCheckTimeout(Duration.ofSeconds(5))
			.apiKey("sk_test")
			.verifyTunnel(false)
			.preconfiguredAuth("x-proxy-auth", "token")
			.properties(Map.of("task-app.base-path", "/task")));
		assertThat(options.applicationProperties()).containsEntry("server.port", 9001)
			.containsEntry("server.address", "0.0.0.0")
			.containsEntry("task-app.tunnel.mode", "quick")
			.containsEntry("task-app.server.auto-find-port", false)
			.containsEntry("task-app.tunnel.health-check-timeout", "5000ms")
			.containsEntry("task-app.api-key", "sk_test")
			.containsEntry("task-app.tunnel.verify.enabled", false)
			.containsEntry("task-app.tunnel.preconfigured.auth-header", "x-proxy-auth")
			.containsEntry("task-app.tunnel.preconfigured.auth-token", "token")
			.containsEntry("task-app.base-path", "/task");
	}

	@Test
	void aBuiltTaskAppIsNotStarted() {
		InProcessTaskApp app = builder().config(CONFIG).build();
		assertThat(app.isRunning()).isFalse();
		assertThatIllegalStateException().isThrownBy(app::url)
			.withMessage("The task app has not started (not started): call start() first");
		assertThat(app.host()).isEqualTo("127.0.0.1");
		app.close();
		assertThatIllegalStateException().isThrownBy(app::start)
			.withMessage("An InProcessTaskApp starts only once; this one is closed");
	}

	private static InProcessTaskAppOptions options(InProcessTaskApp.Builder builder) {
		return builder.build().options();
	}

}
