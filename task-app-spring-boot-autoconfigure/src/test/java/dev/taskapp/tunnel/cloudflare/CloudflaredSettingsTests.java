package dev.taskapp.tunnel.cloudflare;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CloudflaredSettings}.
 */
class CloudflaredSettingsTests {

	@Test
	void defaultsLookUpTheBinaryAndAllowThreeAttemptsWithALongRateLimitBackoff() {
		CloudflaredSettings settings = CloudflaredSettings.defaults();
		assertThat(settings.path()).isNull();
		assertThat(settings.gracePeriod()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.startupAttempts()).isEqualTo(3);
		assertThat(settings.rateLimitBackoff()).isEqualTo(Duration.ofMinutes(5));
		assertThat(settings.pidfileDirectory())
			.isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "task-app-cloudflared"));
		assertThat(settings.outputLines()).isEqualTo(200);
	}

	@Test
	void toStringNeverShowsTheToken() {
		CloudflaredSettings settings = CloudflaredSettings.defaults().withNamedTunnel("s3cr3t-token", "tasks.example.com");
		assertThat(settings.toString()).doesNotContain("s3cr3t-token").contains("namedToken=******",
				"namedHostname=tasks.example.com");
		assertThat(CloudflaredSettings.defaults().toString()).contains("namedToken=unset");
	}

	@Test
	void withersChangeOnlyTheirComponent() {
		CloudflaredSettings settings = CloudflaredSettings.defaults()
			.withPath("/opt/cloudflared")
			.withGracePeriod(Duration.ofSeconds(3))
			.withRetries(2, Duration.ofSeconds(1), Duration.ofMillis(10))
			.withPollInterval(Duration.ofMillis(20))
			.withOutputLines(5);
		assertThat(settings.path()).isEqualTo("/opt/cloudflared");
		assertThat(settings.gracePeriod()).isEqualTo(Duration.ofSeconds(3));
		assertThat(settings.startupAttempts()).isEqualTo(2);
		assertThat(settings.rateLimitBackoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(settings.retryDelay()).isEqualTo(Duration.ofMillis(10));
		assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(20));
		assertThat(settings.outputLines()).isEqualTo(5);
		assertThat(settings.pidfileDirectory()).isEqualTo(CloudflaredSettings.defaults().pidfileDirectory());
	}

	@Test
	void impossibleValuesAreRejected() {
		CloudflaredSettings settings = CloudflaredSettings.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withGracePeriod(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withPollInterval(Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings.withRetries(0, Duration.ZERO, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withOutputLines(0));
	}

}
