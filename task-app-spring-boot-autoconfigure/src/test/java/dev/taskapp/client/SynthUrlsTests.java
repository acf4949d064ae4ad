package dev.taskapp.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SynthTunnelUrls} and {@link SynthBackendUrl}.
 */
class SynthUrlsTests {

	@Test
	void relayHostsAndRoutePathsAreSynthTunnelUrls() {
		assertThat(SynthTunnelUrls.isSynthTunnel("https://st.usesynth.ai/s/rt_abc")).isTrue();
		assertThat(SynthTunnelUrls.isSynthTunnel("https://dev.st.usesynth.ai/s/rt_abc")).isTrue();
		assertThat(SynthTunnelUrls.isSynthTunnel("https://ST.USESYNTH.AI.")).isTrue();
		assertThat(SynthTunnelUrls.isSynthTunnel("http://localhost:9000/s/rt_abc/")).isTrue();
	}

	@Test
	void otherUrlsAreNot() {
		assertThat(SynthTunnelUrls.isSynthTunnel("https://abc.trycloudflare.com")).isFalse();
		assertThat(SynthTunnelUrls.isSynthTunnel("https://st.usesynth.ai.attacker.example/x")).isFalse();
		assertThat(SynthTunnelUrls.isSynthTunnel("https://notst.usesynth.ai/")).isFalse();
		assertThat(SynthTunnelUrls.isSynthTunnel("https://api.usesynth.ai/api")).isFalse();
		assertThat(SynthTunnelUrls.isSynthTunnel("not a url")).isFalse();
		assertThat(SynthTunnelUrls.isSynthTunnel(null)).isFalse();
	}

	@Test
	void backendUrlEndsInExactlyOneApiSegment() {
		assertThat(SynthBackendUrl.apiBase("https://api.usesynth.ai")).isEqualTo("https://api.usesynth.ai/api");
		assertThat(SynthBackendUrl.apiBase(" https://api.usesynth.ai/ ")).isEqualTo("https://api.usesynth.ai/api");
		assertThat(SynthBackendUrl.apiBase("https://api.usesynth.ai/api")).isEqualTo("https://api.usesynth.ai/api");
		assertThat(SynthBackendUrl.apiBase("http://localhost:8000/api//")).isEqualTo("http://localhost:8000/api");
		assertThat(SynthBackendUrl.apiBase("http://localhost:8000/prefix"))
			.isEqualTo("http://localhost:8000/prefix/api");
	}

	@Test
	void unusableBackendUrlsAreRejectedWithoutUserInfo() {
		assertThatIllegalArgumentException().isThrownBy(() -> SynthBackendUrl.apiBase(""))
			.withMessage("Synth backend URL is required");
		assertThatIllegalArgumentException().isThrownBy(() -> SynthBackendUrl.apiBase("ftp://api.usesynth.ai"))
			.withMessageContaining("http or https");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SynthBackendUrl.apiBase("https://user:secret@api.usesynth.ai"))
			.withMessageNotContaining("secret");
		assertThatIllegalArgumentException().isThrownBy(() -> SynthBackendUrl.apiBase("https://api.usesynth.ai?x=1"))
			.withMessageContaining("query");
	}

}
