package dev.taskapp.tunnel;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link TaskAppUrl}: injectable before the URL exists, completed once, changed later.
 */
class TaskAppUrlTests {

	private final TaskAppUrl url = new TaskAppUrl(List.of("sk_primary_secret", "sk_alias_secret"));

	@Test
	void urlIsNotReadyBeforeTheTunnelOpens() {
		assertThat(this.url.isReady()).isFalse();
		assertThat(this.url.getIfReady()).isNull();
		assertThatIllegalStateException().isThrownBy(() -> this.url.get(Duration.ofMillis(20)))
			.withMessageContaining("not ready within");
	}

	@Test
	void readyUrlIsGivenBlockingAndAsMono() {
		this.url.opening(TunnelMode.QUICK, "http://127.0.0.1:8001");
		this.url.ready("https://a.trycloudflare.com", null);
		assertThat(this.url.get(Duration.ZERO)).isEqualTo("https://a.trycloudflare.com");
		StepVerifier.create(this.url.url()).expectNext("https://a.trycloudflare.com").verifyComplete();
		assertThat(this.url.mode()).isEqualTo(TunnelMode.QUICK);
		assertThat(this.url.localUrl()).isEqualTo("http://127.0.0.1:8001");
	}

	@Test
	void monoSubscribedBeforeReadyCompletesWhenReady() {
		StepVerifier.create(this.url.url())
			.then(() -> this.url.ready("https://b.example", "wt"))
			.expectNext("https://b.example")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.url.workerToken()).isEqualTo("wt");
	}

	@Test
	void changedUrlReplacesTheReadyOne() {
		this.url.ready("https://old.example", null);
		assertThat(this.url.changed("https://new.example", null)).isEqualTo("https://old.example");
		assertThat(this.url.get(Duration.ZERO)).isEqualTo("https://new.example");
		StepVerifier.create(this.url.url()).expectNext("https://new.example").verifyComplete();
	}

	@Test
	void failedTunnelFailsTheWaitersWithTheReason() {
		this.url.failed(new TunnelStartException(TunnelStartException.Reason.NO_URL, TunnelMode.QUICK, "no URL"));
		assertThatIllegalStateException().isThrownBy(() -> this.url.get(Duration.ofSeconds(1)))
			.withMessageContaining("no URL");
		StepVerifier.create(this.url.url()).expectError(TunnelStartException.class).verify(Duration.ofSeconds(5));
	}

	@Test
	void keysAreOfferedPrimaryFirst() {
		assertThat(this.url.apiKey()).isEqualTo("sk_primary_secret");
		assertThat(this.url.apiKeys()).containsExactly("sk_primary_secret", "sk_alias_secret");
	}

	@Test
	void toStringShowsNoSecret() {
		this.url.ready("https://c.example", "worker_secret");
		assertThat(this.url.toString()).contains("https://c.example").doesNotContain("secret");
	}

}
