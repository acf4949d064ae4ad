package dev.taskapp.tunnel.synth;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link SynthTunnelSettings}: defaults and secrecy.
 */
class SynthTunnelSettingsTests {

	@Test
	void defaultsFollowTheReference() {
		SynthTunnelSettings settings = SynthTunnelSettings.builder().build();
		assertThat(settings.apiKey()).isNull();
		assertThat(settings.hasApiKey()).isFalse();
		assertThat(settings.backendUrl()).isEqualTo("https://api.usesynth.ai");
		assertThat(settings.requestedTtl()).isEqualTo(Duration.ofHours(1));
		assertThat(settings.leaseTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.clientInstanceIdFile().endsWith(java.nio.file.Path.of(".synth", "client_instance_id"))).isTrue();
		assertThat(settings.reconnectInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(settings.reconnectMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
		assertThat(settings.localConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void blankBackendUrlKeepsTheDefault() {
		assertThat(SynthTunnelSettings.builder().backendUrl(" ").build().backendUrl())
			.isEqualTo(SynthTunnelSettings.DEFAULT_BACKEND_URL);
	}

	@Test
	void toStringMasksTheApiKey() {
		SynthTunnelSettings settings = SynthTunnelSettings.builder().apiKey("sk_live_0123456789").build();
		assertThat(settings.toString()).doesNotContain("sk_live").contains("apiKey=******");
	}

	@Test
	void nonPositiveDurationsAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SynthTunnelSettings.builder().heartbeatInterval(Duration.ZERO).build())
			.withMessageContaining("heartbeatInterval");
		assertThatIllegalArgumentException().isThrownBy(
				() -> SynthTunnelSettings.builder().reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build());
	}

}
