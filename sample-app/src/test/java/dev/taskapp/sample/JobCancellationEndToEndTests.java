package dev.taskapp.sample;

import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.taskapp.tunnel.TaskAppUrlChangedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample with {@code SYNTH_API_KEY} set and a job that never ends on the (WireMock) Synth
 * backend: the job is cancelled when the application shuts down, and when its URL changes.
 */
class JobCancellationEndToEndTests {

	private static final String JOBS = "/api/prompt-learning/online/jobs";

	private static final String STATUS = JOBS + "/pl_forever";

	@RegisterExtension
	final WireMockExtension backend = WireMockExtension.newInstance().options(options().dynamicPort()).build();

	@BeforeEach
	void stubAJobThatNeverEnds() {
		backend.resetAll();
		backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"pl_forever\"}")));
		backend.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson("{\"status\": \"running\"}")));
		backend.stubFor(post(urlEqualTo(STATUS + "/cancel")).willReturn(okJson("{\"status\": \"cancelled\"}")));
	}

	private ConfigurableApplicationContext startSample() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
				"--server.port=0", "--sample.job.enabled=true", "--sample.job.poll-interval=20ms",
				"--SYNTH_API_KEY=sk_synth_cancel_0123456789", "--SYNTH_BACKEND_URL=" + backend.baseUrl(),
				"--task-app.api-key=env_cancel_0123456789");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !backend.findAll(getRequestedFor(urlEqualTo(STATUS))).isEmpty());
		return context;
	}

	@Test
	void runningJobIsCancelledWhenTheApplicationShutsDown() {
		ConfigurableApplicationContext context = startSample();
		assertThat(backend.findAll(postRequestedFor(urlEqualTo(STATUS + "/cancel")))).isEmpty();
		context.close();
		backend.verify(1, postRequestedFor(urlEqualTo(STATUS + "/cancel")));
	}

	@Test
	void runningJobIsCancelledWhenTheTaskAppUrlChanges() {
		try (ConfigurableApplicationContext context = startSample()) {
			context.publishEvent(new TaskAppUrlChangedEvent(this, "http://127.0.0.1:1", "http://127.0.0.1:2"));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> backend.verify(1, postRequestedFor(urlEqualTo(STATUS + "/cancel"))));
		}
		backend.verify(1, postRequestedFor(urlEqualTo(STATUS + "/cancel")));
		backend.verify(1, postRequestedFor(urlEqualTo(JOBS)));
	}

}
