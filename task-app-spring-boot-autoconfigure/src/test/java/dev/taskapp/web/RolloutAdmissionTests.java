package dev.taskapp.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The limit on rollouts in flight: slots taken and given back once whatever the outcome, the
 * 503 answer past the limit, the heap's default and the caps a tunnel puts on it.
 */
class RolloutAdmissionTests {

	private static final Duration ONE_SECOND = Duration.ofSeconds(1);

	@Test
	void admitsUpToTheLimitAndCountsEveryRefusal() {
		RolloutAdmission admission = RolloutAdmission.explicit(2, ONE_SECOND);
		assertThat(admission.tryAcquire()).isTrue();
		assertThat(admission.tryAcquire()).isTrue();
		assertThat(admission.tryAcquire()).isFalse();
		assertThat(admission.tryAcquire()).isFalse();
		assertThat(admission.inFlight()).isEqualTo(2);
		assertThat(admission.rejected()).isEqualTo(2);
		admission.release();
		assertThat(admission.tryAcquire()).isTrue();
		assertThat(admission.rejected()).isEqualTo(2);
	}

	@Test
	void admittedRolloutGivesItsSlotBackWhenItSucceedsFailsOrIsCancelled() {
		RolloutAdmission admission = RolloutAdmission.explicit(1, ONE_SECOND);
		StepVerifier.create(admission.admit(Mono.just("ok"), (rejection) -> "refused")).expectNext("ok").verifyComplete();
		assertThat(admission.inFlight()).isZero();
		StepVerifier.create(admission.admit(Mono.error(new IllegalStateException("boom")), (rejection) -> "refused"))
			.verifyError(IllegalStateException.class);
		assertThat(admission.inFlight()).isZero();
		Sinks.One<String> never = Sinks.one();
		Disposable running = admission.admit(never.asMono(), (rejection) -> "refused").subscribe();
		assertThat(admission.inFlight()).isOne();
		running.dispose();
		assertThat(admission.inFlight()).isZero();
		running.dispose();
		assertThat(admission.inFlight()).isZero();
	}

	@Test
	void rolloutPastTheLimitIsRefusedWithoutRunning() {
		RolloutAdmission admission = RolloutAdmission.explicit(1, ONE_SECOND);
		assertThat(admission.tryAcquire()).isTrue();
		AtomicInteger subscribed = new AtomicInteger();
		StepVerifier
			.create(admission.admit(Mono.fromCallable(subscribed::incrementAndGet).map(String::valueOf),
					(rejection) -> "refused " + rejection.status()))
			.expectNext("refused 503")
			.verifyComplete();
		assertThat(subscribed).hasValue(0);
		assertThat(admission.inFlight()).isOne();
	}

	@Test
	void refusalSaysWhatTheLimitIsAndWhenToRetry() {
		RolloutAdmission.Rejection rejection = RolloutAdmission.explicit(7, Duration.ofMillis(1500)).rejection();
		assertThat(rejection.status()).isEqualTo(503);
		assertThat(rejection.headers()).containsExactlyEntriesOf(java.util.Map.of("Retry-After", "2"));
		assertThat(new String(rejection.body(), StandardCharsets.UTF_8)).isEqualTo("{\"detail\":{\"error\":{"
				+ "\"code\":\"overloaded\",\"message\":\"The task app is running its limit of 7 rollouts at once"
				+ " (task-app.rollout.max-in-flight); retry after 2 s\",\"limit\":7,\"retry_after_s\":2}}}");
	}

	@Test
	void defaultLimitLeavesHeadroomInTheHeap() {
		assertThat(RolloutAdmission.defaultLimit(256L << 20)).isEqualTo(6144);
		assertThat(RolloutAdmission.defaultLimit(128L << 20)).isEqualTo(2048);
		assertThat(RolloutAdmission.defaultLimit(32L << 20)).isEqualTo(16);
		assertThat(RolloutAdmission.defaultLimit(8L << 30)).isEqualTo(10_000);
	}

	@Test
	void tunnelCapLowersOnlyADerivedLimit() {
		RolloutAdmission derived = RolloutAdmission.derived(256L << 20, ONE_SECOND);
		assertThat(derived.capDefault(200, "test tunnel")).isTrue();
		assertThat(derived.limit()).isEqualTo(200);
		assertThat(new String(derived.rejection().body(), StandardCharsets.UTF_8)).contains("limit of 200");
		assertThat(derived.capDefault(500, "looser tunnel")).isFalse();
		assertThat(derived.limit()).isEqualTo(200);
		RolloutAdmission explicit = RolloutAdmission.explicit(1000, ONE_SECOND);
		assertThat(explicit.capDefault(200, "test tunnel")).isFalse();
		assertThat(explicit.limit()).isEqualTo(1000);
	}

	@Test
	void limitMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> RolloutAdmission.explicit(0, ONE_SECOND))
			.withMessageContaining("positive");
	}

	@Test
	void metersPublishTheLimitAndTheRefusals() {
		RolloutAdmission admission = RolloutAdmission.explicit(1, ONE_SECOND);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new RolloutAdmissionMeters(admission).bindTo(registry);
		admission.tryAcquire();
		admission.tryAcquire();
		admission.tryAcquire();
		assertThat(registry.get(RolloutAdmissionMeters.LIMIT).gauge().value()).isEqualTo(1.0);
		assertThat(registry.get(RolloutAdmissionMeters.REJECTED).functionCounter().count()).isEqualTo(2.0);
	}

}
