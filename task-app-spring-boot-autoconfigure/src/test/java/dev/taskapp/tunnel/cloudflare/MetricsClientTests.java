package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import dev.taskapp.tunnel.cloudflare.MetricsClient.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MetricsClient} against a small server that answers like cloudflared's
 * metrics server.
 */
class MetricsClientTests {

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

	private HttpServer server;

	private MetricsClient client;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			Answer answer = this.answers.getOrDefault(exchange.getRequestURI().getPath(), new Answer(404, "404"));
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status(), body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
		this.client = new MetricsClient(this.http, "127.0.0.1:" + this.server.getAddress().getPort(),
				Duration.ofSeconds(5));
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void quickTunnelUrlIsTheHostnameOverHttps() throws Exception {
		this.answers.put("/quicktunnel", new Answer(200, "{\"hostname\":\"maple-river.trycloudflare.com\"}"));
		assertThat(this.client.quickTunnelUrl()).isEqualTo("https://maple-river.trycloudflare.com");
	}

	@Test
	void emptyHostnameIsNoUrlYet() throws Exception {
		this.answers.put("/quicktunnel", new Answer(200, "{\"hostname\":\"\"}"));
		assertThat(this.client.quickTunnelUrl()).isNull();
	}

	@Test
	void missingQuickTunnelEndpointIsNoUrl() throws Exception {
		assertThat(this.client.quickTunnelUrl()).isNull();
	}

	@Test
	void readyNeedsAtLeastOneReadyConnection() throws Exception {
		this.answers.put("/ready", new Answer(200, "{\"status\":200,\"readyConnections\":1,\"connectorId\":\"c\"}"));
		assertThat(this.client.readiness()).isEqualTo(Readiness.READY);
		this.answers.put("/ready", new Answer(200, "{\"status\":200,\"readyConnections\":0}"));
		assertThat(this.client.readiness()).isEqualTo(Readiness.NOT_READY);
	}

	@Test
	void serviceUnavailableIsNotReady() throws Exception {
		this.answers.put("/ready", new Answer(503, "{\"status\":503,\"readyConnections\":0}"));
		assertThat(this.client.readiness()).isEqualTo(Readiness.NOT_READY);
	}

	@Test
	void otherAnswersAreUnknown() throws Exception {
		assertThat(this.client.readiness()).isEqualTo(Readiness.UNKNOWN);
		this.answers.put("/ready", new Answer(200, "OK"));
		assertThat(this.client.readiness()).isEqualTo(Readiness.UNKNOWN);
	}

	@Test
	void serverThatDoesNotAnswerIsUnknown() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		MetricsClient closed = new MetricsClient(this.http, "127.0.0.1:" + closedPort, Duration.ofSeconds(2));
		assertThat(closed.readiness()).isEqualTo(Readiness.UNKNOWN);
		assertThat(closed.quickTunnelUrl()).isNull();
	}

	private record Answer(int status, String body) {

	}

}
