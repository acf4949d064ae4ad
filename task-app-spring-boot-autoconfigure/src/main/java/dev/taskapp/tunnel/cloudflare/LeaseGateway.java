package dev.taskapp.tunnel.cloudflare;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local end of a leased Cloudflare tunnel: the lease's ingress leads to
 * {@code 127.0.0.1:<gateway port>} with the lease's route prefix still on the path, and this
 * gateway strips the prefix and forwards the request to the task app. Anything outside the
 * prefix is a 404.
 */
final class LeaseGateway implements AutoCloseable {

	private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "host", "keep-alive",
			"proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
			"expect");

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	private final HttpServer server;

	private final ExecutorService executor;

	private final HttpClient http;

	private final String prefix;

	private final String target;

	private LeaseGateway(HttpServer server, ExecutorService executor, String prefix, String target) {
		this.server = server;
		this.executor = executor;
		this.prefix = prefix;
		this.target = target;
		this.http = HttpClient.newBuilder()
			.proxy(HttpClient.Builder.NO_PROXY)
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Starts the gateway.
	 * @param port the port the lease's ingress leads to
	 * @param prefix the route prefix of the lease's public URL, such as {@code /t/abc}
	 * @param target the task app's local base URL
	 * @return the running gateway
	 * @throws IOException if the port cannot be bound
	 */
	static LeaseGateway start(int port, String prefix, String target) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		ExecutorService executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "task-app-lease-gateway");
			thread.setDaemon(true);
			return thread;
		});
		LeaseGateway gateway = new LeaseGateway(server, executor, prefix, target);
		server.createContext("/", gateway::forward);
		server.setExecutor(executor);
		server.start();
		return gateway;
	}

	private void forward(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			if (!path.equals(this.prefix) && !path.startsWith(this.prefix + "/")) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			String rest = path.substring(this.prefix.length());
			String query = exchange.getRequestURI().getRawQuery();
			URI upstream = URI.create(this.target + (rest.isEmpty() ? "/" : rest) + ((query != null) ? "?" + query : ""));
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			HttpRequest.Builder request = HttpRequest.newBuilder(upstream)
				.timeout(TIMEOUT)
				.method(exchange.getRequestMethod(), (body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body)
						: HttpRequest.BodyPublishers.noBody());
			for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
				if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
					header.getValue().forEach((value) -> request.header(header.getKey(), value));
				}
			}
			HttpResponse<byte[]> response;
			try {
				response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (IOException ex) {
				reply(exchange, 502, "{\"error\":\"the task app did not answer through the tunnel gateway\"}");
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				reply(exchange, 503, "{\"error\":\"the tunnel gateway is stopping\"}");
				return;
			}
			response.headers().map().forEach((name, values) -> {
				if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
					exchange.getResponseHeaders().put(name, values);
				}
			});
			byte[] answer = response.body();
			boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
			exchange.sendResponseHeaders(response.statusCode(), (head || answer.length == 0) ? -1 : answer.length);
			if (!head && answer.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer);
				}
			}
		}
	}

	private static void reply(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * Returns the port the gateway listens on.
	 * @return the port
	 */
	int port() {
		return this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
