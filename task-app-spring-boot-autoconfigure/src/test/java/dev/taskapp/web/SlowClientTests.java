package dev.taskapp.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections of clients too slow to send their request headers, or silent after a
 * response, are closed; a prompt client, and an HTTP/2 connection whose streams run longer
 * than the header timeout, are served as before.
 */
@SpringBootTest(classes = RoutesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "task-app.api-key=sk_slowclient", "task-app.server.header-read-timeout=700ms",
				"server.http2.enabled=true" })
class SlowClientTests {

	private static final int SLOW_CLIENTS = 20;

	private static final byte[] HEALTH_REQUEST = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			+ "X-API-Key: sk_slowclient\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

	@LocalServerPort
	private int port;

	private final List<Socket> sockets = new ArrayList<>();

	private final ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void close() throws IOException {
		this.dripper.shutdownNow();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@Test
	void clientsDrippingTheirHeadersAreClosed() throws Exception {
		List<Socket> slow = new ArrayList<>();
		for (int i = 0; i < SLOW_CLIENTS; i++) {
			slow.add(open());
		}
		int[] sent = new int[SLOW_CLIENTS];
		this.dripper.scheduleAtFixedRate(() -> {
			for (int i = 0; i < SLOW_CLIENTS; i++) {
				try {
					OutputStream out = slow.get(i).getOutputStream();
					out.write(HEALTH_REQUEST[sent[i]++ % 20]);
					out.flush();
				}
				catch (IOException ex) {
					// closed by the server: nothing more to drip
				}
			}
		}, 0, 100, TimeUnit.MILLISECONDS);
		for (Socket socket : slow) {
			assertThat(closedByServer(socket, Duration.ofSeconds(10))).isTrue();
		}
	}

	@Test
	void promptClientIsServedOnAKeepAliveConnectionUntilItFallsSilent() throws Exception {
		Socket socket = open();
		for (int i = 0; i < 3; i++) {
			socket.getOutputStream().write(HEALTH_REQUEST);
			socket.getOutputStream().flush();
			assertThat(readResponse(socket)).startsWith("HTTP/1.1 200").contains("\"healthy\":true");
		}
		assertThat(closedByServer(socket, Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void serverKeepsServingWhileSlowClientsAreConnected() throws Exception {
		for (int i = 0; i < SLOW_CLIENTS; i++) {
			open().getOutputStream().write("GET /he".getBytes(StandardCharsets.US_ASCII));
		}
		Socket prompt = open();
		prompt.getOutputStream().write(HEALTH_REQUEST);
		assertThat(readResponse(prompt)).startsWith("HTTP/1.1 200");
	}

	@Test
	void h2cConnectionIsNotCutWhileItsStreamsRun() {
		ConnectionProvider provider = ConnectionProvider.create("h2c-slow-client", 1);
		try {
			Integer status = HttpClient.create(provider)
				.protocol(HttpProtocol.H2C)
				.baseUrl("http://127.0.0.1:" + this.port)
				.headers((headers) -> headers.set("X-API-Key", "sk_slowclient").set("Content-Type", "application/json"))
				.post()
				.uri("/rollout")
				.send(ByteBufFlux.fromString(Mono.just("{\"run_id\": \"run_h2c\", \"env\": {\"seed\": 2},"
						+ " \"policy\": {\"config\": {\"behaviour\": \"slow\", \"delay_ms\": 2000}}}")))
				.responseSingle((response, body) -> Mono.just(response.status().code()))
				.block(Duration.ofSeconds(20));
			assertThat(status).isEqualTo(200);
		}
		finally {
			provider.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	private Socket open() throws IOException {
		Socket socket = new Socket();
		this.sockets.add(socket);
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
		return socket;
	}

	private static boolean closedByServer(Socket socket, Duration within) throws IOException {
		socket.setSoTimeout((int) within.toMillis());
		InputStream in = socket.getInputStream();
		try {
			while (in.read() >= 0) {
				// a late answer, if any, is not what is awaited
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static String readResponse(Socket socket) throws IOException {
		socket.setSoTimeout(10_000);
		InputStream in = socket.getInputStream();
		StringBuilder text = new StringBuilder();
		byte[] buffer = new byte[4096];
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			int read = in.read(buffer);
			if (read > 0) {
				text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
			}
			return read < 0 || text.indexOf("}}") >= 0;
		});
		return text.toString();
	}

}
