package dev.taskapp.inprocess;

import java.util.Map;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TunnelMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How {@code SYNTH_TUNNEL_MODE} and {@code SYNTH_TASK_APP_URL} configure an in-process task
 * app whose builder left the option unset. The environment is a map given to the builder; the
 * real process environment is never read.
 */
class InProcessTaskAppEnvironmentTests {

	private static final TaskAppConfig CONFIG = ScriptedTaskApp.reactive();

	private static InProcessTaskApp.Builder builder(Map<String, String> environment) {
		return InProcessTaskApp.builder().environment(environment::get).config(CONFIG);
	}

	@Test
	void withoutVariablesOrABuilderModeTheTaskAppStaysLocal() {
		assertThat(options(builder(Map.of())).tunnelMode()).isEqualTo(TunnelMode.LOCAL);
	}

	@Test
	void synthTunnelModeAppliesWhenTheBuilderSetsNoMode() {
		assertThat(options(builder(Map.of("SYNTH_TUNNEL_MODE", "cloudflare_quick"))).applicationProperties())
			.containsEntry("task-app.tunnel.mode", "quick");
	}

	@Test
	void aModeSetOnTheBuilderWinsOverSynthTunnelMode() {
		assertThat(options(builder(Map.of("SYNTH_TUNNEL_MODE", "quick")).tunnelMode(TunnelMode.LOCAL)).tunnelMode())
			.isEqualTo(TunnelMode.LOCAL);
		assertThat(options(builder(Map.of("SYNTH_TUNNEL_MODE", "quick")).tunnelMode("named")).tunnelMode())
			.isEqualTo(TunnelMode.NAMED);
	}

	@Test
	void synthTaskAppUrlSelectsPreconfiguredModeWithThatUrl() {
		InProcessTaskAppOptions options = options(builder(Map.of("SYNTH_TASK_APP_URL", " https://tasks.example.test ")));
		assertThat(options.tunnelMode()).isEqualTo(TunnelMode.PRECONFIGURED);
		assertThat(options.applicationProperties())
			.containsEntry("task-app.tunnel.preconfigured.url", "https://tasks.example.test");
	}

	@Test
	void synthTaskAppUrlWinsOverSynthTunnelModeAsInTheSdk() {
		assertThat(options(builder(Map.of("SYNTH_TUNNEL_MODE", "quick", "SYNTH_TASK_APP_URL", "https://a.test")))
			.tunnelMode()).isEqualTo(TunnelMode.PRECONFIGURED);
	}

	@Test
	void aModeSetOnTheBuilderWinsOverSynthTaskAppUrl() {
		InProcessTaskAppOptions options = options(
				builder(Map.of("SYNTH_TASK_APP_URL", "https://a.test")).tunnelMode(TunnelMode.LOCAL));
		assertThat(options.tunnelMode()).isEqualTo(TunnelMode.LOCAL);
		assertThat(options.applicationProperties()).doesNotContainKey("task-app.tunnel.preconfigured.url");
	}

	@Test
	void aUrlSetOnTheBuilderWinsOverSynthTaskAppUrl() {
		assertThat(options(builder(Map.of("SYNTH_TASK_APP_URL", "https://env.test")).preconfiguredUrl("https://b.test"))
			.applicationProperties()).containsEntry("task-app.tunnel.preconfigured.url", "https://b.test");
	}

	@Test
	void blankVariablesAreIgnored() {
		assertThat(options(builder(Map.of("SYNTH_TUNNEL_MODE", " ", "SYNTH_TASK_APP_URL", ""))).tunnelMode())
			.isEqualTo(TunnelMode.LOCAL);
	}

	@Test
	void anUnknownSynthTunnelModeIsRejectedNamingTheVariable() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder(Map.of("SYNTH_TUNNEL_MODE", "ngrok")).build())
			.withMessage("SYNTH_TUNNEL_MODE: tunnelMode must be one of (auto, local, preconfigured, quick, named,"
					+ " synthtunnel), got ngrok");
	}

	@Test
	void anUnknownSynthTunnelModeDoesNotMatterWhenTheBuilderSetsTheMode() {
		assertThat(options(builder(Map.of("SYNTH_TUNNEL_MODE", "ngrok")).tunnelMode(TunnelMode.QUICK)).tunnelMode())
			.isEqualTo(TunnelMode.QUICK);
	}

	@Test
	void forceNewTunnelBecomesTheNamedTunnelProperty() {
		assertThat(options(builder(Map.of()).tunnelMode(TunnelMode.NAMED).forceNewTunnel(true)).applicationProperties())
			.containsEntry("task-app.tunnel.named.force-new", true);
	}

	private static InProcessTaskAppOptions options(InProcessTaskApp.Builder builder) {
		return builder.build().options();
	}

}
