package dev.taskapp.autoconfigure;

import dev.taskapp.tunnel.TaskAppTunnelException;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelStartException;
import dev.taskapp.tunnel.TunnelStartException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TunnelStartFailureAnalyzer}: every reason is explained with its fix.
 */
class TunnelStartFailureAnalyzerTests {

	private final TunnelStartFailureAnalyzer analyzer = new TunnelStartFailureAnalyzer();

	@ParameterizedTest
	@CsvSource({ "CLOUDFLARED_MISSING, task-app.tunnel.cloudflared.path", "RATE_LIMITED, Wait 5 to 10 minutes",
			"NO_URL, task-app.tunnel.startup-timeout", "NEVER_REACHABLE, task-app.tunnel.verify.enabled=false",
			"PRECONFIGURED_URL_MISSING, task-app.tunnel.preconfigured.url",
			"NAMED_CONFIGURATION_MISSING, task-app.tunnel.named.token", "SYNTH_API_KEY_MISSING, SYNTH_API_KEY",
			"UNSUPPORTED_MODE, task-app.tunnel.mode", "LOCAL_HEALTH_TIMEOUT, task-app.tunnel.health-check-timeout" })
	void actionNamesTheFix(Reason reason, String fix) {
		FailureAnalysis analysis = analyze(reason);
		assertThat(analysis.getAction()).contains(fix);
	}

	@ParameterizedTest
	@EnumSource(Reason.class)
	void everyReasonIsAnalysedWithTheModeAndWhatHappened(Reason reason) {
		FailureAnalysis analysis = analyze(reason);
		assertThat(analysis.getDescription()).contains("task-app.tunnel.mode=quick").contains("what happened");
		assertThat(analysis.getAction()).isNotBlank();
	}

	private FailureAnalysis analyze(Reason reason) {
		TunnelStartException cause = new TunnelStartException(reason, TunnelMode.QUICK, "what happened");
		return this.analyzer.analyze(new IllegalStateException("context failed", new TaskAppTunnelException(cause)));
	}

}
