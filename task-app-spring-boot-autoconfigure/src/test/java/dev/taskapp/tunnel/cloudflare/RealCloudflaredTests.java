package dev.taskapp.tunnel.cloudflare;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import dev.taskapp.tunnel.TunnelListener;
import dev.taskapp.tunnel.TunnelMode;
import dev.taskapp.tunnel.TunnelRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Opens a real quick tunnel on trycloudflare.com to a tiny local HTTP server. Opt-in: runs
 * only with {@code -Dtask-app.it.cloudflared=true} and a cloudflared on the {@code PATH}.
 */
@EnabledIf("realCloudflaredRequested")
class RealCloudflaredTests {

	@TempDir
	Path temp;

	static boolean realCloudflaredRequested() {
		if (!Boolean.getBoolean("task-app.it.cloudflared")) {
			return false;
		}
		try {
			new CloudflaredLocator(null, System.getenv("PATH"), Path.of("/nonexistent"),
					CloudflaredLocator.DEFAULT_VERSION_TIMEOUT)
				.find(TunnelMode.QUICK);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	@Test
	void realQuickTunnelReachesTheLocalServer() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			byte[] body = "hello through cloudflared".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		CloudflaredTunnel tunnel = null;
		try {
			QuickTunnelBackend backend = new QuickTunnelBackend(
					CloudflaredSettings.defaults().withPidfileDirectory(this.temp.resolve("pidfiles")));
			tunnel = (CloudflaredTunnel) backend.open(new TunnelRequest("127.0.0.1", server.getAddress().getPort(),
					List.of("key"), Instant.now().plusSeconds(60), TunnelListener.NONE));
			assertThat(tunnel.publicUrl()).matches("https://[a-z0-9-]+\\.trycloudflare\\.com");
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
			String url = tunnel.publicUrl();
			await().atMost(Duration.ofSeconds(120))
				.pollDelay(Duration.ofSeconds(3))
				.pollInterval(Duration.ofSeconds(3))
				.ignoreExceptions()
				.until(() -> http
					.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(10)).build(),
							HttpResponse.BodyHandlers.ofString())
					.body()
					.equals("hello through cloudflared"));
		}
		finally {
			if (tunnel != null) {
				tunnel.close();
				assertThat(FakeCloudflaredBinary.isAlive(tunnel.pid())).isFalse();
			}
			server.stop(0);
		}
	}

}
