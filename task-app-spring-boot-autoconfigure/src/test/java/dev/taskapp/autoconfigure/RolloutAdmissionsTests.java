package dev.taskapp.autoconfigure;

import java.time.Duration;

import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.web.RolloutAdmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admission {@code task-app.rollout.*} builds, and the cap of a Cloudflare quick tunnel.
 */
@ExtendWith(OutputCaptureExtension.class)
class RolloutAdmissionsTests {

	private static final long HEAP = 256L << 20;

	@Test
	void unsetLimitDerivesFromTheHeap() {
		RolloutAdmission admission = RolloutAdmissions.of(rollout(null), TunnelMode.LOCAL, HEAP);
		assertThat(admission.limit()).isEqualTo(RolloutAdmission.defaultLimit(HEAP));
		assertThat(admission.isExplicit()).isFalse();
	}

	@Test
	void explicitLimitIsKept() {
		RolloutAdmission admission = RolloutAdmissions.of(rollout(12), TunnelMode.SYNTHTUNNEL, HEAP);
		assertThat(admission.limit()).isEqualTo(12);
		assertThat(admission.isExplicit()).isTrue();
	}

	@Test
	void quickTunnelCapsTheDefaultAt200() {
		assertThat(RolloutAdmissions.of(rollout(null), TunnelMode.QUICK, HEAP).limit()).isEqualTo(200);
		assertThat(RolloutAdmissions.of(rollout(null), TunnelMode.QUICK, 64L << 20 | 1L << 22).limit())
			.isEqualTo(RolloutAdmission.defaultLimit(64L << 20 | 1L << 22));
	}

	@Test
	void explicitLimitAboveTheQuickTunnelsIsKeptWithAWarning(CapturedOutput output) {
		assertThat(RolloutAdmissions.of(rollout(500), TunnelMode.QUICK, HEAP).limit()).isEqualTo(500);
		assertThat(output).contains("WARN").contains("max-in-flight=500").contains("429").contains("200");
	}

	@Test
	void explicitLimitWithinTheQuickTunnelsLogsNoWarning(CapturedOutput output) {
		assertThat(RolloutAdmissions.of(rollout(150), TunnelMode.QUICK, HEAP).limit()).isEqualTo(150);
		assertThat(output).doesNotContain("429");
	}

	private static TaskAppProperties.Rollout rollout(Integer maxInFlight) {
		return new TaskAppProperties.Rollout(maxInFlight, Duration.ofSeconds(1));
	}

}
