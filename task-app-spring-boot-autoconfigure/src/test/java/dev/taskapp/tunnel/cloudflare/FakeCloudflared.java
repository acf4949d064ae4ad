package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for cloudflared, run in a JVM of its own through the script that
 * {@link FakeCloudflaredBinary} writes. It answers {@code --version}, checks its command line
 * the way our backends must build it, logs to stderr what the real one logs, serves
 * {@code /quicktunnel} and {@code /ready} on its {@code --metrics} address, and stops on
 * SIGTERM, logging it first; if its stderr pipe was closed by then, it dies as a Go program
 * would, of SIGPIPE, before its shutdown is complete. Its behaviour is switched by
 * {@code FAKE_CLOUDFLARED_MODE}:
 * <ul>
 * <li>{@code normal}: URL from {@code /quicktunnel} and the log; ready after a moment</li>
 * <li>{@code log-only}: {@code /quicktunnel} has no hostname, the URL is only in the log,
 * after a line naming {@code https://api.trycloudflare.com}</li>
 * <li>{@code rate-limited}: Cloudflare's 429 / error 1015, then exit code 1</li>
 * <li>{@code never-ready}: {@code /ready} answers 503 for ever</li>
 * <li>{@code crash-after-ready}: exit code 1 a moment after it is ready</li>
 * <li>{@code ignore-sigterm}: SIGTERM is logged and then ignored; only a kill ends it</li>
 * <li>{@code bad-version}: {@code --version} fails</li>
 * <li>{@code rejected-token}: {@code tunnel run} refuses the token, quoting it (which the real
 * one does not do: it proves the token is masked)</li>
 * </ul>
 * Markers are written to {@code FAKE_CLOUDFLARED_MARKERS}: {@code started-<pid>} (its
 * arguments, one a line), {@code hostname-<pid>}, {@code sigterm-<pid>} (the signal arrived) and
 * {@code graceful-<pid>} (its shutdown was logged: the pipe was still drained).
 */
public final class FakeCloudflared {

	static final String MODE = "FAKE_CLOUDFLARED_MODE";

	static final String MARKERS = "FAKE_CLOUDFLARED_MARKERS";

	static final String VERSION = "cloudflared version 2026.8.2 (built 2026-08-20-1200 UTC)";

	private static final String DISCLAIMER = "Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare"
			+ " account, is a quick way to experiment and try it out. However, be aware that these account-less Tunnels"
			+ " have no uptime guarantee, are subject to the Cloudflare Online Services Terms of Use"
			+ " (https://www.cloudflare.com/website-terms/), and Cloudflare reserves the right to investigate your use of"
			+ " Tunnels for violations of such terms. If you intend to use Tunnels in production you should use a"
			+ " pre-created named tunnel by following:"
			+ " https://developers.cloudflare.com/cloudflare-one/connections/connect-apps";

	private static final List<String> WORDS = List.of("oklahoma", "solo", "younger", "truck", "maple", "river",
			"quiet", "lantern", "copper", "harbor", "velvet", "summit");

	private static final AtomicBoolean exitingByItself = new AtomicBoolean();

	private static volatile boolean ready;

	private FakeCloudflared() {
	}

	public static void main(String[] args) throws Exception {
		String mode = System.getenv().getOrDefault(MODE, "normal");
		List<String> arguments = Arrays.asList(args);
		if (arguments.contains("--version")) {
			if (mode.equals("bad-version")) {
				System.err.println("cloudflared: cannot execute binary file: Exec format error");
				System.exit(126);
			}
			System.out.println(VERSION);
			return;
		}
		long pid = ProcessHandle.current().pid();
		marker("started-" + pid, String.join("\n", arguments) + "\n");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> onSignal(mode, pid)));
		checkCommandLine(arguments);
		boolean named = arguments.get(arguments.size() - 1).equals("run");
		String token = System.getenv("TUNNEL_TOKEN");
		if (named) {
			if (token == null || token.isEmpty()) {
				fail("\"cloudflared tunnel run\" requires the ID or name of the tunnel to run as the last command line"
						+ " argument or in the configuration file.");
			}
			if (arguments.stream().anyMatch((argument) -> argument.contains(token))) {
				fail("fake: the tunnel token is on the command line");
			}
			if (mode.equals("rejected-token")) {
				fail("Provided Tunnel token is not valid: " + token);
			}
			log("INF Starting tunnel tunnelID=" + UUID.randomUUID());
		}
		else {
			quickTunnelRequest(mode);
		}
		String hostname = randomHostname();
		marker("hostname-" + pid, hostname);
		if (!named) {
			createdBox("https://" + hostname);
		}
		String metrics = value(arguments, "--metrics");
		HttpServer server = metricsServer(metrics, (named || mode.equals("log-only")) ? "" : hostname);
		log("INF Starting metrics server on " + metrics + "/metrics");
		if (!mode.equals("never-ready")) {
			Thread.sleep(200);
			ready = true;
			log("INF Registered tunnel connection connIndex=0 connection=" + UUID.randomUUID()
					+ " event=0 ip=198.41.192.7 location=fra08 protocol=quic");
		}
		if (mode.equals("crash-after-ready")) {
			Thread.sleep(300);
			log("ERR Connection terminated error=\"connection with edge closed\" connIndex=0");
			log("ERR fake: giving up");
			exitingByItself.set(true);
			server.stop(0);
			System.exit(1);
		}
		new CountDownLatch(1).await();
	}

	private static void checkCommandLine(List<String> arguments) {
		if (arguments.isEmpty() || !arguments.get(0).equals("tunnel") || !arguments.contains("--no-autoupdate")) {
			fail("fake: expected 'tunnel --no-autoupdate ...' but got " + arguments);
		}
		String config = value(arguments, "--config");
		if (config == null || !Files.isRegularFile(Path.of(config))) {
			fail("fake: --config must name an existing file, got " + config);
		}
		String metrics = value(arguments, "--metrics");
		if (metrics == null || !metrics.matches("127\\.0\\.0\\.1:\\d+")) {
			fail("fake: --metrics must be 127.0.0.1:<port>, got " + metrics);
		}
		String last = arguments.get(arguments.size() - 1);
		if (!last.equals("run") && value(arguments, "--url") == null) {
			fail("fake: a quick tunnel needs --url");
		}
	}

	private static void quickTunnelRequest(String mode) throws InterruptedException {
		log("INF " + DISCLAIMER);
		log("INF Requesting new quick Tunnel on trycloudflare.com...");
		if (mode.equals("rate-limited")) {
			Thread.sleep(50);
			log("ERR Error unmarshaling QuickTunnel response: error code: 1015 error=\"invalid character 'e' looking"
					+ " for beginning of value\" status_code=\"429 Too Many Requests\"");
			System.err.println("failed to unmarshal quick Tunnel: invalid character 'e' looking for beginning of value");
			exitingByItself.set(true);
			System.exit(1);
		}
		if (mode.equals("log-only")) {
			log("WRN failed to request quick Tunnel: Post \"https://api.trycloudflare.com/tunnel\": EOF (retrying)");
		}
	}

	private static void createdBox(String url) {
		String title = "Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):";
		int width = Math.max(title.length(), url.length());
		String border = "+" + "-".repeat(width + 4) + "+";
		log("INF " + border);
		log("INF |  " + title + " ".repeat(width - title.length()) + "  |");
		log("INF |  " + url + " ".repeat(width - url.length()) + "  |");
		log("INF " + border);
	}

	private static HttpServer metricsServer(String address, String hostname) throws IOException {
		int colon = address.lastIndexOf(':');
		HttpServer server = HttpServer.create(
				new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 0);
		server.createContext("/quicktunnel", (exchange) -> respond(exchange, 200, "{\"hostname\":\"" + hostname + "\"}"));
		server.createContext("/ready", (exchange) -> {
			boolean isReady = ready;
			respond(exchange, isReady ? 200 : 503, "{\"status\":" + (isReady ? 200 : 503) + ",\"readyConnections\":"
					+ (isReady ? 1 : 0) + ",\"connectorId\":\"" + UUID.randomUUID() + "\"}");
		});
		server.createContext("/healthcheck", (exchange) -> respond(exchange, 200, "OK\n"));
		server.start();
		return server;
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void onSignal(String mode, long pid) {
		if (exitingByItself.get()) {
			return;
		}
		marker("sigterm-" + pid, "");
		log("INF Initiating graceful shutdown due to signal terminated ...");
		if (System.err.checkError()) {
			// Like Go, whose write to a closed stderr pipe ends the program with SIGPIPE.
			Runtime.getRuntime().halt(141);
		}
		marker("graceful-" + pid, "");
		if (mode.equals("ignore-sigterm")) {
			while (true) {
				try {
					Thread.sleep(60_000);
				}
				catch (InterruptedException ex) {
					// Only a kill ends this process.
				}
			}
		}
		log("INF Tunnel server stopped");
	}

	private static String randomHostname() {
		Random random = new Random();
		StringBuilder hostname = new StringBuilder();
		for (int i = 0; i < 4; i++) {
			hostname.append(WORDS.get(random.nextInt(WORDS.size()))).append('-');
		}
		return hostname.append(random.nextInt(10_000)).append(".trycloudflare.com").toString();
	}

	private static String value(List<String> arguments, String flag) {
		int index = arguments.indexOf(flag);
		return (index >= 0 && index + 1 < arguments.size()) ? arguments.get(index + 1) : null;
	}

	private static void fail(String message) {
		log("ERR " + message);
		exitingByItself.set(true);
		System.exit(1);
	}

	private static void log(String line) {
		System.err.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
	}

	private static void marker(String name, String content) {
		String directory = System.getenv(MARKERS);
		if (directory == null) {
			return;
		}
		try {
			Path file = Path.of(directory, name);
			Path temporary = Files.writeString(Path.of(directory, name + ".tmp"), content);
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			log("ERR fake: cannot write marker " + name + ": " + ex);
		}
	}

}
