package dev.taskapp.tunnel.cloudflare;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CloudflaredPidfile}.
 */
class CloudflaredPidfileTests {

	@Test
	void pidfileReadsBackWhatItWrote() {
		CloudflaredPidfile pidfile = new CloudflaredPidfile(4242, Instant.parse("2026-08-20T12:00:00.120Z"),
				"/usr/local/bin/cloudflared", 99, Instant.parse("2026-08-20T11:59:58Z"));
		assertThat(CloudflaredPidfile.parse(pidfile.format())).isEqualTo(pidfile);
	}

	@Test
	void unknownStartInstantsReadBackAsUnknown() {
		CloudflaredPidfile pidfile = new CloudflaredPidfile(4242, null, "cloudflared", 99, null);
		assertThat(CloudflaredPidfile.parse(pidfile.format())).isEqualTo(pidfile);
	}

	@Test
	void incompleteOrGarbledTextIsNoPidfile() {
		assertThat(CloudflaredPidfile.parse("")).isNull();
		assertThat(CloudflaredPidfile.parse("pid=12\ncommand=cloudflared\n")).isNull();
		assertThat(CloudflaredPidfile.parse("pid=twelve\ncommand=cloudflared\nowner.pid=1\n")).isNull();
		assertThat(CloudflaredPidfile.parse("pid=12\nstarted=yesterday\ncommand=c\nowner.pid=1\n")).isNull();
	}

	@Test
	void thisJvmIsAliveAsAnOwner() {
		CloudflaredPidfile pidfile = CloudflaredPidfile.of(ProcessHandle.current(), "cloudflared");
		assertThat(pidfile.ownerAlive()).isTrue();
	}

	@Test
	void ownerWithTheRightPidButAnotherStartInstantIsGone() {
		ProcessHandle current = ProcessHandle.current();
		Instant started = current.info().startInstant().orElseThrow();
		CloudflaredPidfile pidfile = new CloudflaredPidfile(1, null, "cloudflared", current.pid(),
				started.minus(Duration.ofHours(1)));
		assertThat(pidfile.ownerAlive()).isFalse();
	}

	@Test
	void liveProcessNeedsTheRecordedStartInstant() {
		ProcessHandle current = ProcessHandle.current();
		Instant started = current.info().startInstant().orElseThrow();
		assertThat(new CloudflaredPidfile(current.pid(), started, "java", 1, null).liveProcess()).contains(current);
		assertThat(new CloudflaredPidfile(current.pid(), started.plusSeconds(30), "java", 1, null).liveProcess())
			.isEmpty();
		assertThat(new CloudflaredPidfile(current.pid(), null, "java", 1, null).liveProcess()).isEmpty();
	}

}
