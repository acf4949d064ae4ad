package dev.taskapp.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.taskapp.support.TaskAppJson;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three replicas of the packaged sample (separate JVMs) behind HAProxy with the documented
 * configuration ({@code deploy/haproxy/haproxy.cfg}) and one PostgreSQL trace store: 2,000
 * rollouts go through HAProxy while one replica gets SIGTERM and is started again. Every
 * rollout succeeds (a retry on 503 or a closed connection, as an optimiser does, counts once),
 * and PostgreSQL holds exactly one trace per rollout. The deployment submits one job to the
 * (WireMock) Synth backend: the replica restarted is the one that submitted it; when it stops,
 * one of the others takes the job lock over and follows that job rather than submitting another,
 * and the restarted replica defers.
 * <p>
 * Needs {@code haproxy} and the PostgreSQL server {@code .ci/run} starts
 * ({@code TASK_APP_TEST_POSTGRES_URL}); runs in the {@code multi-replica} Maven profile.
 */
class MultiReplicaIT {

	private static final int ROLLOUTS = 2000;

	private static final int SIGTERM_AFTER = 400;

	private static final String JOBS = "/api/prompt-learning/online/jobs";

	private static final String JOB_ID = "pl_deployment";

	private static final String API_KEY = "sk_multi_replica_" + UUID.randomUUID().toString().substring(0, 8);

	private final Path directory = logDirectory();

	private final List<Replica> replicas = new ArrayList<>();

	private final AtomicInteger retries = new AtomicInteger();

	private final Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();

	private Process haproxy;

	private DisposableServer llm;

	private final WireMockServer backend = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	@AfterEach
	void stopEverything() throws Exception {
		for (Replica replica : this.replicas) {
			replica.stop();
		}
		if (this.haproxy != null) {
			this.haproxy.destroy();
			this.haproxy.waitFor(10, TimeUnit.SECONDS);
		}
		if (this.llm != null) {
			this.llm.disposeNow();
		}
		this.backend.stop();
	}

	@Test
	void rolloutsThroughHaproxySurviveTheRestartOfAReplicaAndLandInPostgresOnce() throws Exception {
		String postgresUrl = requireEnvironment("TASK_APP_TEST_POSTGRES_URL",
				"a PostgreSQL server (run .ci/run, or eval \"$(.ci/postgres start /tmp/pg)\")");
		requireHaproxy();
		String database = createDatabase(postgresUrl);
		this.llm = startMockLlm();
		startBackend();
		int lbPort = freePort();
		int statsPort = freePort();
		for (int i = 1; i <= 3; i++) {
			this.replicas.add(new Replica(i, freePort(), database, "http://127.0.0.1:" + lbPort));
		}
		this.haproxy = startHaproxy(lbPort, statsPort);
		// The replica that will be restarted starts first, so it is the one that submits the job.
		Replica restarted = this.replicas.get(1);
		restarted.start();
		restarted.awaitReady();
		await().atMost(Duration.ofSeconds(30)).until(() -> restarted.log().contains("Submitted prompt-learning job " + JOB_ID));
		for (Replica replica : this.replicas) {
			if (replica != restarted) {
				replica.start();
			}
		}
		for (Replica replica : this.replicas) {
			replica.awaitReady();
		}
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> serversUp(statsPort) == 3);

		CompletableFuture<Long> restartedServed = new CompletableFuture<>();
		AtomicInteger completed = new AtomicInteger();
		ConnectionProvider connections = ConnectionProvider.builder("optimiser").maxConnections(256).build();
		HttpClient client = HttpClient.create(connections)
			.baseUrl("http://127.0.0.1:" + lbPort)
			.responseTimeout(Duration.ofSeconds(60));
		Runnable onCompleted = () -> {
			if (completed.incrementAndGet() == SIGTERM_AFTER) {
				CompletableFuture.runAsync(() -> restartedServed.complete(restart(restarted, statsPort)));
			}
		};
		try {
			List<Integer> statuses = Flux
				.concat(Flux.range(0, 1500).delayElements(Duration.ofMillis(8)),
						Mono.fromFuture(restartedServed).thenMany(Flux.range(1500, ROLLOUTS - 1500))
							.delayElements(Duration.ofMillis(8)))
				.flatMap((i) -> rollout(client, i).doOnNext((status) -> onCompleted.run()), 256)
				.collectList()
				.block(Duration.ofSeconds(300));
			assertThat(statuses).hasSize(ROLLOUTS);
			assertThat(this.failures).as("rollouts that failed, by HTTP status (0: no answer)").isEmpty();
			assertThat(statuses).containsOnly(200);
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(10));
		}
		long servedBeforeLastPhase = restartedServed.get(1, TimeUnit.SECONDS);
		assertThat(servedSessions(statsPort, restarted.name())).as("rollouts the restarted replica served")
			.isGreaterThan(servedBeforeLastPhase);
		await().atMost(Duration.ofSeconds(60)).until(() -> count(database, "SELECT count(*) FROM session_traces") >= ROLLOUTS);
		// Read before the replicas stop: each stop hands the job lock on to another replica.
		assertThat(restarted.log(1)).as("the log of the replica that submitted the job, until its SIGTERM")
			.contains("Leaving prompt-learning job " + JOB_ID + " running");
		assertThat(restarted.log()).as("the restarted replica's log")
			.contains("Another replica of this deployment submits the prompt-learning job");
		List<String> followers = new ArrayList<>();
		for (Replica replica : this.replicas) {
			if (replica != restarted) {
				assertThat(replica.log()).as(replica.name() + "'s log")
					.contains("Another replica of this deployment submits the prompt-learning job");
				if (replica.log().contains("Following prompt-learning job " + JOB_ID)) {
					followers.add(replica.name());
				}
			}
		}
		assertThat(followers).as("replicas that took the job over when its submitter stopped").hasSize(1);
		for (Replica replica : this.replicas) {
			replica.stop();
		}
		assertThat(count(database, "SELECT count(*) FROM session_traces")).isEqualTo(ROLLOUTS);
		assertThat(count(database, "SELECT count(DISTINCT metadata ->> 'run_id') FROM session_traces"))
			.isEqualTo(ROLLOUTS);
		System.out.println("Retries (503 or closed connection): " + this.retries.get());
		this.backend.verify(1, postRequestedFor(urlEqualTo(JOBS)));
		this.backend.verify(0, postRequestedFor(urlEqualTo(JOBS + "/" + JOB_ID + "/cancel")));
	}

	private void startBackend() {
		this.backend.start();
		this.backend.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"job_id\": \"" + JOB_ID + "\"}")));
		this.backend.stubFor(get(urlEqualTo(JOBS + "/" + JOB_ID)).willReturn(okJson("{\"status\": \"running\"}")));
	}

	private long restart(Replica replica, int statsPort) {
		try {
			replica.sigterm();
			replica.start();
			replica.awaitReady();
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> serversUp(statsPort) == 3);
			return servedSessions(statsPort, replica.name());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Mono<Integer> rollout(HttpClient client, int i) {
		String body = TaskAppJson.mapper()
			.writeValueAsString(Map.of("run_id", "run_" + i, "env", Map.of("seed", i % 100), "policy",
					Map.of("policy_id", "p", "config",
							Map.of("model", "gpt-test", "inference_url", "http://127.0.0.1:" + this.llm.port() + "/v1")),
					"mode", "eval"));
		Mono<Integer> attempt = client.headers((headers) -> headers.set("X-API-Key", API_KEY)
			.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
			.post()
			.uri("/rollout")
			.send(Mono.fromCallable(() -> io.netty.buffer.Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
			.responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
			.flatMap((status) -> (status == 503) ? Mono.error(new Retryable("503")) : Mono.just(status))
			.onErrorMap(IOException.class, Retryable::new)
			.doOnError(Retryable.class, (ex) -> this.retries.incrementAndGet());
		return attempt.retryWhen(Retry.backoff(20, Duration.ofMillis(50))
			.maxBackoff(Duration.ofSeconds(1))
			.filter(Retryable.class::isInstance))
			.onErrorReturn(0)
			.doOnNext((status) -> {
				if (status != 200) {
					this.failures.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
				}
			});
	}

	private DisposableServer startMockLlm() {
		Map<String, Object> call = Map.of("id", "call_1", "type", "function", "function",
				Map.of("name", "classify", "arguments", "{\"intent\": \"card_arrival\"}"));
		byte[] answer = TaskAppJson.mapper()
			.writeValueAsBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion", "model", "gpt-test", "choices",
					List.of(Map.of("index", 0, "finish_reason", "tool_calls", "message",
							Map.of("role", "assistant", "tool_calls", List.of(call)))),
					"usage", Map.of("prompt_tokens", 40, "completion_tokens", 5, "total_tokens", 45)));
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/v1/chat/completions",
					(request, response) -> request.receive()
						.then()
						.then(Mono.delay(Duration.ofMillis(150)))
						.then(response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
							.sendByteArray(Mono.just(answer))
							.then())))
			.bindNow();
	}

	private Process startHaproxy(int lbPort, int statsPort) throws IOException {
		Path stats = Files.writeString(this.directory.resolve("stats.cfg"),
				"listen stats\n\tbind 127.0.0.1:" + statsPort + "\n\tstats enable\n\tstats uri /stats\n");
		ProcessBuilder builder = new ProcessBuilder("haproxy", "-db", "-f", System.getProperty("haproxy.config"), "-f",
				stats.toString());
		builder.environment().put("TASK_APP_LB_PORT", String.valueOf(lbPort));
		for (Replica replica : this.replicas) {
			builder.environment().put("TASK_APP_REPLICA_" + replica.index, "127.0.0.1:" + replica.port);
		}
		builder.redirectErrorStream(true).redirectOutput(this.directory.resolve("haproxy.log").toFile());
		return builder.start();
	}

	private static List<String[]> stats(int statsPort) {
		String csv = HttpClient.create()
			.get()
			.uri("http://127.0.0.1:" + statsPort + "/stats;csv")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(5));
		List<String[]> rows = new ArrayList<>();
		for (String line : csv.split("\n")) {
			if (line.startsWith("replicas,")) {
				rows.add(line.split(","));
			}
		}
		return rows;
	}

	private static long serversUp(int statsPort) {
		// columns of HAProxy's CSV: 0 pxname, 1 svname, 7 stot, 17 status
		return stats(statsPort).stream().filter((row) -> row[1].startsWith("replica") && row[17].equals("UP")).count();
	}

	private static long servedSessions(int statsPort, String server) {
		return stats(statsPort).stream()
			.filter((row) -> row[1].equals(server))
			.mapToLong((row) -> Long.parseLong(row[7]))
			.findFirst()
			.orElseThrow();
	}

	private static Path logDirectory() {
		try {
			return Files.createDirectories(Path.of(System.getProperty("multi-replica.logs", "target/multi-replica")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String requireEnvironment(String name, String what) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			String reason = "The multi-replica test needs " + what + ": " + name + " is not set";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(reason);
			}
			Assumptions.abort(reason);
		}
		return value;
	}

	private static void requireHaproxy() {
		try {
			Process version = new ProcessBuilder("haproxy", "-v").redirectErrorStream(true).start();
			version.getInputStream().readAllBytes();
			if (version.waitFor() == 0) {
				return;
			}
		}
		catch (IOException | InterruptedException ex) {
			// reported below
		}
		String reason = "The multi-replica test needs HAProxy (Debian package haproxy; .ci/run installs it)";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(reason);
		}
		Assumptions.abort(reason);
	}

	private static String createDatabase(String url) throws SQLException {
		String name = "replicas_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
		try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		return url.substring(0, url.lastIndexOf('/') + 1) + name;
	}

	private static long count(String database, String sql) throws SQLException {
		try (Connection connection = connect(database); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	private static Connection connect(String url) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", postgresUser());
		properties.setProperty("password", postgresPassword());
		return DriverManager.getConnection(url, properties);
	}

	private static String postgresUser() {
		String user = System.getenv("TASK_APP_TEST_POSTGRES_USER");
		return (user != null) ? user : "postgres";
	}

	private static String postgresPassword() {
		String password = System.getenv("TASK_APP_TEST_POSTGRES_PASSWORD");
		return (password != null) ? password : "";
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * A failure an optimiser retries: a 503 or a connection closed without an answer.
	 */
	private static final class Retryable extends RuntimeException {

		Retryable(String message) {
			super(message, null, false, false);
		}

		Retryable(Throwable cause) {
			super(cause.toString(), cause, false, false);
		}

	}

	/**
	 * One sample replica: the packaged jar in its own JVM.
	 */
	private final class Replica {

		private final int index;

		private final int port;

		private final String database;

		private final String publicUrl;

		private Process process;

		private int starts;

		Replica(int index, int port, String database, String publicUrl) {
			this.index = index;
			this.port = port;
			this.database = database;
			this.publicUrl = publicUrl;
		}

		String name() {
			return "replica" + this.index;
		}

		void start() throws IOException {
			this.starts++;
			Path log = MultiReplicaIT.this.directory.resolve(name() + "-" + this.starts + ".log");
			ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("sample.jar"),
					"--server.port=" + this.port, "--server.address=127.0.0.1", "--task-app.server.auto-find-port=false",
					"--task-app.tunnel.mode=preconfigured", "--task-app.tunnel.preconfigured.url=" + this.publicUrl,
					"--task-app.tunnel.verify.enabled=false", "--sample.self-evaluation.enabled=false",
					"--sample.job.backend-url=" + MultiReplicaIT.this.backend.baseUrl(), "--sample.job.poll-interval=1s",
					"--sample.job.lock-retry-interval=1s",
					"--task-app.tracing.url=" + this.database, "--task-app.tracing.username=" + postgresUser(),
					"--task-app.shutdown.drain-delay=" + System.getProperty("multi-replica.drain-delay", "5s"), "--spring.main.banner-mode=off");
			builder.environment().put("ENVIRONMENT_API_KEY", API_KEY);
			builder.environment().put("TASK_APP_TRACING_PASSWORD", postgresPassword());
			builder.environment().put("SYNTH_API_KEY", "sk_synth_multi_replica_0123456789");
			builder.redirectErrorStream(true).redirectOutput(log.toFile());
			this.process = builder.start();
		}

		void awaitReady() {
			HttpClient probe = HttpClient.create().responseTimeout(Duration.ofSeconds(2));
			try {
				await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
					if (!this.process.isAlive()) {
						throw new IllegalStateException(name() + " exited: " + tail());
					}
					return probe.get()
						.uri("http://127.0.0.1:" + this.port + "/actuator/health/readiness")
						.response()
						.map((response) -> response.status().code() == 200)
						.onErrorReturn(false)
						.block(Duration.ofSeconds(5));
				});
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException(name() + " did not become ready: " + tail(), ex);
			}
		}

		void sigterm() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException(name() + " did not stop within 60 s of SIGTERM: " + tail());
			}
		}

		void stop() throws InterruptedException {
			if (this.process != null && this.process.isAlive()) {
				this.process.destroy();
				if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
		}

		String log() throws IOException {
			return log(this.starts);
		}

		String log(int start) throws IOException {
			return Files.readString(MultiReplicaIT.this.directory.resolve(name() + "-" + start + ".log"));
		}

		private String tail() {
			try {
				List<String> lines = Files.readAllLines(
						MultiReplicaIT.this.directory.resolve(name() + "-" + this.starts + ".log"));
				return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
			}
			catch (IOException ex) {
				return "(no log)";
			}
		}

	}

}
