package dev.taskapp.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that would otherwise hold the server: a client that stops sending its body, and a
 * rollout that never finishes.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_slow", "task-app.server.body-read-timeout=700ms" })
class SlowAndStuckRequestTests {

	@LocalServerPort
	private int port;

	@Test
	void clientThatStopsSendingItsBodyIsCutOffWith408() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /rollout HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: sk_slow\r\n"
					+ "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"run_id\": \"r")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			Instant sent = Instant.now();
			String answer = readAll(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout").contains("body-read-timeout");
			assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(8));
		}
	}

	@Test
	void serverKeepsServingWhileAClientStalls() throws Exception {
		try (Socket stalled = new Socket()) {
			stalled.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			stalled.getOutputStream()
				.write(("POST /rollout HTTP/1.1\r\nHost: x\r\nX-API-Key: sk_slow\r\nContent-Length: 100\r\n\r\n{")
					.getBytes(StandardCharsets.US_ASCII));
			client().get().uri("/").exchange().expectStatus().isOk();
		}
	}

	@Test
	void rolloutThatOutlivesMaxTimeIsCancelledAndAnswered504() {
		Instant sent = Instant.now();
		client().post()
			.uri("/rollout")
			.header("X-API-Key", "sk_slow")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"run_id\": \"run_stuck\", \"env\": {\"seed\": 2}, \"safety\": {\"max_time_s\": 0.5},"
					+ " \"policy\": {\"config\": {\"behaviour\": \"slow\", \"delay_ms\": 60000}}}")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectBody()
			.jsonPath("$.detail.error.code")
			.isEqualTo("rollout_timeout")
			.jsonPath("$.detail.error.message")
			.value(String.class, (message) -> assertThat(message).contains("run_stuck", "safety.max_time_s=0.5"));
		assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(10));
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).responseTimeout(Duration.ofSeconds(20)).build();
	}

	private static String readAll(InputStream in) throws java.io.IOException {
		StringBuilder text = new StringBuilder();
		byte[] buffer = new byte[4096];
		int read;
		while ((read = in.read(buffer)) > 0) {
			text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
			if (text.indexOf("}}}") >= 0) {
				break;
			}
		}
		return text.toString();
	}

}
