package dev.taskapp.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.taskapp.testsupport.ScriptedTaskApp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limit on rollouts in flight through a real server: refusals past it, health while
 * saturated, and a slot given back once whatever ends the rollout, a caller that hangs up
 * included.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_admit", "task-app.rollout.max-in-flight=2",
				"task-app.server.body-read-timeout=30s" })
class RolloutAdmissionRoutesTests {

	private static final Duration SETTLE = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Autowired
	private RolloutAdmission admission;

	@Autowired
	private ObjectProvider<MeterRegistry> meterRegistry;

	private final List<Socket> sockets = new ArrayList<>();

	@AfterEach
	void closeSockets() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
		await().atMost(SETTLE).until(() -> this.admission.inFlight() == 0);
	}

	@Test
	void rolloutPastTheLimitIsAnswered503WithRetryAfterAndAJsonBody() throws Exception {
		startSlowRollout();
		startSlowRollout();
		await().atMost(SETTLE).until(() -> ScriptedTaskApp.SLOW_IN_FLIGHT.get() == 2);
		client().post()
			.uri("/rollout")
			.header("X-API-Key", "sk_admit")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"run_id\": \"run_refused\", \"env\": {\"seed\": 2}, \"policy\": {}}")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.detail.error.code")
			.isEqualTo("overloaded")
			.jsonPath("$.detail.error.limit")
			.isEqualTo(2);
		assertThat(this.admission.rejected()).isPositive();
		MeterRegistry registry = this.meterRegistry.getIfAvailable();
		if (registry != null) {
			assertThat(registry.get(RolloutAdmissionMeters.LIMIT).gauge().value()).isEqualTo(2.0);
			assertThat(registry.get(RolloutAdmissionMeters.REJECTED).functionCounter().count()).isPositive();
		}
	}

	@Test
	void healthKeepsAnsweringWhileSaturated() throws Exception {
		startSlowRollout();
		startSlowRollout();
		await().atMost(SETTLE).until(() -> this.admission.inFlight() == 2);
		client().get().uri("/health").header("X-API-Key", "sk_admit").exchange().expectStatus().isOk();
		client().get().uri("/actuator/health").exchange().expectStatus().isOk();
		client().get().uri("/info").header("X-API-Key", "sk_admit").exchange().expectStatus().isOk();
	}

	@Test
	void callerThatHangsUpCancelsItsRolloutAndFreesItsSlot() throws Exception {
		Socket caller = startSlowRollout();
		await().atMost(SETTLE).until(() -> ScriptedTaskApp.SLOW_IN_FLIGHT.get() == 1);
		assertThat(this.admission.inFlight()).isOne();
		caller.close();
		await().atMost(SETTLE).until(() -> ScriptedTaskApp.SLOW_IN_FLIGHT.get() == 0);
		await().atMost(SETTLE).until(() -> this.admission.inFlight() == 0);
		rolloutIsServed();
	}

	@Test
	void callerThatHangsUpWhileSendingItsBodyFreesItsSlot() throws Exception {
		Socket caller = open();
		caller.getOutputStream()
			.write(("POST /rollout HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: sk_admit\r\n"
					+ "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"run_id\": \"r")
				.getBytes(StandardCharsets.US_ASCII));
		await().atMost(SETTLE).until(() -> this.admission.inFlight() == 1);
		caller.close();
		await().atMost(SETTLE).until(() -> this.admission.inFlight() == 0);
	}

	@Test
	void rolloutCancelledAtSafetyMaxTimeFreesItsSlot() {
		client().post()
			.uri("/rollout")
			.header("X-API-Key", "sk_admit")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"run_id\": \"run_stuck\", \"env\": {\"seed\": 2}, \"safety\": {\"max_time_s\": 0.3},"
					+ " \"policy\": {\"config\": {\"behaviour\": \"slow\", \"delay_ms\": 60000}}}")
			.exchange()
			.expectStatus()
			.isEqualTo(504);
		await().atMost(SETTLE).until(() -> ScriptedTaskApp.SLOW_IN_FLIGHT.get() == 0);
		await().atMost(SETTLE).until(() -> this.admission.inFlight() == 0);
	}

	@Test
	void everyOutcomeGivesItsSlotBack() {
		for (String behaviour : List.of("ok", "fail", "error-signal", "upstream", "empty")) {
			client().post()
				.uri("/rollout")
				.header("X-API-Key", "sk_admit")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"run_id\": \"run_" + behaviour + "\", \"env\": {\"seed\": 2},"
						+ " \"policy\": {\"config\": {\"behaviour\": \"" + behaviour + "\"}}}")
				.exchange()
				.expectBody()
				.returnResult();
		}
		client().post()
			.uri("/rollout")
			.header("X-API-Key", "sk_admit")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{not json")
			.exchange()
			.expectStatus()
			.isEqualTo(422);
		await().atMost(SETTLE).until(() -> this.admission.inFlight() == 0);
		for (int i = 0; i < 5; i++) {
			rolloutIsServed();
		}
		// The slot is given back once the answer is written, which may be just after the caller reads it.
		await().atMost(SETTLE).until(() -> this.admission.inFlight() == 0);
	}

	private void rolloutIsServed() {
		client().post()
			.uri("/rollout")
			.header("X-API-Key", "sk_admit")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"run_id\": \"run_ok\", \"env\": {\"seed\": 2}, \"policy\": {}}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	private Socket startSlowRollout() throws IOException {
		Socket socket = open();
		byte[] body = ("{\"run_id\": \"run_slow\", \"env\": {\"seed\": 2},"
				+ " \"policy\": {\"config\": {\"behaviour\": \"slow\", \"delay_ms\": 60000}}}")
			.getBytes(StandardCharsets.UTF_8);
		OutputStream out = socket.getOutputStream();
		out.write(("POST /rollout HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: sk_admit\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.write(body);
		out.flush();
		return socket;
	}

	private Socket open() throws IOException {
		Socket socket = new Socket();
		this.sockets.add(socket);
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
		return socket;
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

}
