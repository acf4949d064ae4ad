package dev.taskapp.inprocess;

import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TunnelMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A failed {@link InProcessTaskApp} start is told once, in the builder's terms.
 */
@ExtendWith(OutputCaptureExtension.class)
class InProcessStartFailureTests {

	@Test
	void aFailedStartIsToldOnceByTheExceptionInTheBuildersTerms(CapturedOutput output) {
		int unreachable = Leftovers.freePort();
		TaskAppStartException failure = catchThrowableOfType(TaskAppStartException.class,
				() -> InProcessTaskApp.builder()
					.port(Leftovers.freePort())
					.config(ScriptedTaskApp.reactive())
					.tunnelMode(TunnelMode.PRECONFIGURED)
					.preconfiguredUrl("http://127.0.0.1:" + unreachable)
					.property("task-app.tunnel.verify.timeout", "1s")
					.start());
		assertThat(failure.getMessage())
			.containsOnlyOnce("/health with 200")
			.contains(".preconfiguredAuth(header, token)")
			.contains(".property(\"task-app.tunnel.verify.timeout\", …)")
			.contains(".verifyTunnel(false)")
			.doesNotContain("task-app.tunnel.verify.enabled");
		assertThat(output).doesNotContain("APPLICATION FAILED TO START").doesNotContain("Application run failed");
	}

	@Test
	void adviceNamesTheBuildersOptionOrItsPropertyCall() {
		assertThat(InProcessAdvice.of("Raise task-app.tunnel.startup-timeout, or use task-app.tunnel.mode=local."))
			.isEqualTo("Raise .property(\"task-app.tunnel.startup-timeout\", …), or use .tunnelMode(TunnelMode.LOCAL).");
		assertThat(InProcessAdvice.of("Set task-app.tunnel.preconfigured.url (or SYNTH_TASK_APP_URL)."))
			.isEqualTo("Set .preconfiguredUrl(url) (or SYNTH_TASK_APP_URL).");
		assertThat(InProcessAdvice.of("raise task-app.tunnel.health-check-timeout."))
			.isEqualTo("raise .healthCheckTimeout(Duration).");
	}

}
