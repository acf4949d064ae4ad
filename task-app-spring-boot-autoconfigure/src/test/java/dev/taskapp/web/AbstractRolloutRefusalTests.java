package dev.taskapp.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests of a contract's {@code POST /rollout} past the limit: refused from its request's
 * head, before its body is read, on HTTP/1.1 and h2c, and the connection goes on serving; a
 * wrong key is still told 401 first. A subclass names the application (one admitted rollout at
 * a time, h2c on), how the key is sent and what a rollout looks like.
 */
public abstract class AbstractRolloutRefusalTests {

	private static final Duration PROMPTLY = Duration.ofSeconds(5);

	private final String keyHeader;

	private final String keyValue;

	private final String wrongKeyValue;

	private final String rollout;

	private final String rolloutStart;

	@LocalServerPort
	private int port;

	@Autowired
	private RolloutAdmission admission;

	private final List<Socket> sockets = new ArrayList<>();

	private boolean saturated;

	/**
	 * Creates the tests of one contract.
	 * @param keyHeader the header that carries the API key
	 * @param keyValue its value with the right key
	 * @param wrongKeyValue its value with a wrong key
	 * @param rollout a whole rollout request body
	 * @param rolloutStart the first bytes of a rollout request body
	 */
	protected AbstractRolloutRefusalTests(String keyHeader, String keyValue, String wrongKeyValue, String rollout,
			String rolloutStart) {
		this.keyHeader = keyHeader;
		this.keyValue = keyValue;
		this.wrongKeyValue = wrongKeyValue;
		this.rollout = rollout;
		this.rolloutStart = rolloutStart;
	}

	@BeforeEach
	void takeTheOnlySlot() {
		this.saturated = this.admission.tryAcquire();
		assertThat(this.saturated).isTrue();
	}

	@AfterEach
	void giveItBack() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
		if (this.saturated) {
			this.admission.release();
		}
	}

	@Test
	void rolloutPastTheLimitIsRefusedOverHttp11BeforeItsBodyArrives() throws IOException {
		Socket socket = open();
		OutputStream out = socket.getOutputStream();
		out.write(("POST /rollout HTTP/1.1\r\nHost: 127.0.0.1\r\n" + keyLine()
				+ "Content-Type: application/json\r\nContent-Length: 4096\r\n\r\n" + this.rolloutStart)
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		String response = readResponse(socket);
		assertThat(response).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 1").contains("\"overloaded\"");
	}

	@Test
	void refusedRolloutLeavesItsHttp11ConnectionServing() throws IOException {
		Socket socket = open();
		OutputStream out = socket.getOutputStream();
		byte[] body = this.rollout.getBytes(StandardCharsets.UTF_8);
		out.write(("POST /rollout HTTP/1.1\r\nHost: 127.0.0.1\r\n" + keyLine()
				+ "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.write(body);
		out.flush();
		assertThat(readResponse(socket)).startsWith("HTTP/1.1 503");
		out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + keyLine() + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");
	}

	@Test
	void rolloutPastTheLimitIsRefusedOverH2cBeforeItsBodyArrives() {
		ConnectionProvider provider = ConnectionProvider.create("h2c-refusal", 1);
		try {
			HttpClient client = h2c(provider);
			Flux<String> neverEnding = Flux.concat(Mono.just(this.rolloutStart), Mono.never());
			Answer refused = client.post()
				.uri("/rollout")
				.send(ByteBufFlux.fromString(neverEnding))
				.responseSingle((response, content) -> content.asString()
					.defaultIfEmpty("")
					.map((text) -> new Answer(response.status().code(), response.responseHeaders(), text)))
				.block(PROMPTLY);
			assertThat(refused).isNotNull();
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
			assertThat(refused.body()).contains("\"overloaded\"");
			Integer health = client.get()
				.uri("/health")
				.responseSingle((response, content) -> Mono.just(response.status().code()))
				.block(PROMPTLY);
			assertThat(health).isEqualTo(200);
		}
		finally {
			provider.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	@Test
	void wrongKeyIsToldSoBeforeTheLimit() {
		ConnectionProvider provider = ConnectionProvider.create("h2c-wrong-key", 1);
		try {
			Integer status = h2c(provider).headers((headers) -> headers.set(this.keyHeader, this.wrongKeyValue))
				.post()
				.uri("/rollout")
				.send(ByteBufFlux.fromString(Mono.just(this.rollout)))
				.responseSingle((response, content) -> Mono.just(response.status().code()))
				.block(PROMPTLY);
			assertThat(status).isEqualTo(401);
		}
		finally {
			provider.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	private HttpClient h2c(ConnectionProvider provider) {
		return HttpClient.create(provider)
			.protocol(HttpProtocol.H2C)
			.baseUrl("http://127.0.0.1:" + this.port)
			.headers((headers) -> headers.set(this.keyHeader, this.keyValue).set("Content-Type", "application/json"));
	}

	private String keyLine() {
		return this.keyHeader + ": " + this.keyValue + "\r\n";
	}

	private Socket open() throws IOException {
		Socket socket = new Socket();
		this.sockets.add(socket);
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
		socket.setSoTimeout((int) PROMPTLY.toMillis());
		return socket;
	}

	/**
	 * Reads one response with a {@code Content-Length} from an HTTP/1.1 connection.
	 */
	private static String readResponse(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			head.append((char) next);
		}
		int length = 0;
		for (String line : head.toString().split("\r\n")) {
			if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
				length = Integer.parseInt(line.substring(15).strip());
			}
		}
		byte[] body = in.readNBytes(length);
		return head + new String(body, StandardCharsets.UTF_8);
	}

	private record Answer(int status, HttpHeaders headers, String body) {

	}

}
