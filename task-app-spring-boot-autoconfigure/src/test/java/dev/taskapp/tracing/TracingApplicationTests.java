package dev.taskapp.tracing;

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
import java.util.Map;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.tracing.TraceWriteQueue.DropReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollout tracing in a running task app: a real Netty server, the auto-configured trace store
 * and meters.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingApplicationTests {

	@TempDir
	Path directory;

	@Test
	void concurrentRolloutsAllLandInTheStoreExactlyOnce() throws Exception {
		Path db = this.directory.resolve("traces.db");
		try (ConfigurableApplicationContext context = run("--task-app.tracing.enabled=true",
				"--task-app.tracing.db-path=" + db)) {
			List<Integer> statuses = rollouts(context, 500, Map.of("behaviour", "slow", "delay_ms", 200));
			assertThat(statuses).hasSize(500).containsOnly(200);
			TraceWriteQueue queue = context.getBean(TraceWriteQueue.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> queue.written() == 500);
			assertThat(count(db, "SELECT count(*) FROM session_traces")).isEqualTo(500);
			assertThat(count(db, "SELECT count(DISTINCT json_extract(metadata, '$.run_id')) FROM session_traces"))
				.isEqualTo(500);
			assertThat(count(db, "SELECT count(*) FROM events WHERE event_type = 'cais'")).isEqualTo(500);
			assertThat(count(db, "SELECT count(*) FROM outcome_rewards")).isEqualTo(500);
			assertThat(queue.dropped(DropReason.QUEUE_FULL) + queue.dropped(DropReason.WRITE_FAILED)).isZero();
		}
	}

	@Test
	void concurrentRolloutsAllLandInThePostgresStoreExactlyOnce() throws Exception {
		TestPostgres postgres = TestPostgres.require();
		String database = postgres.createDatabase();
		try (ConfigurableApplicationContext context = run("--task-app.tracing.url=" + database,
				"--task-app.tracing.username=" + postgres.user(), "--task-app.tracing.password=" + postgres.password())) {
			List<Integer> statuses = rollouts(context, 500, Map.of("behaviour", "slow", "delay_ms", 200));
			assertThat(statuses).hasSize(500).containsOnly(200);
			TraceWriteQueue queue = context.getBean(TraceWriteQueue.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> queue.written() == 500);
			assertThat(queue.writerNames()).containsExactly("postgresql");
			assertThat(queue.dropped(DropReason.QUEUE_FULL) + queue.dropped(DropReason.WRITE_FAILED)).isZero();
		}
		try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT count(*), count(DISTINCT metadata ->> 'run_id'),"
						+ " (SELECT count(*) FROM events WHERE event_type = 'cais'),"
						+ " (SELECT count(*) FROM outcome_rewards) FROM session_traces")) {
			result.next();
			assertThat(List.of(result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4)))
				.containsOnly(500L);
		}
	}

	@Test
	void shutdownWritesEveryAcceptedTrace() throws Exception {
		Path db = this.directory.resolve("traces.db");
		TraceWriteQueue queue;
		try (ConfigurableApplicationContext context = run("--task-app.tracing.enabled=true",
				"--task-app.tracing.db-path=" + db, "--task-app.tracing.batch-size=1")) {
			queue = context.getBean(TraceWriteQueue.class);
			assertThat(rollouts(context, 300, Map.of())).containsOnly(200);
		}
		assertThat(queue.isRunning()).isFalse();
		assertThat(queue.accepted()).isEqualTo(300);
		assertThat(count(db, "SELECT count(*) FROM session_traces")).isEqualTo(300);
	}

	@Test
	void unwritableStoreLetsRolloutsSucceedAndCountsTheDrops(CapturedOutput output) throws Exception {
		Path file = Files.writeString(this.directory.resolve("a-file"), "x");
		try (ConfigurableApplicationContext context = run("--task-app.tracing.enabled=true",
				"--task-app.tracing.db-path=" + file.resolve("traces.db"), "--task-app.tracing.batch-size=1")) {
			assertThat(rollouts(context, 20, Map.of())).hasSize(20).containsOnly(200);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Search.in(meters)
					.name(TraceStoreMeterBinder.DROPPED)
					.tag("reason", "write_failed")
					.functionCounter()
					.count() == 20.0);
		}
		String log = output.getOut();
		assertThat(log.split("The sqlite rollout trace writer could not write", -1)).hasSize(2);
	}

	@Test
	void sftOutputDirectoryFromTheEnvironmentVariableWritesOneRecordPerCall() throws Exception {
		Path sft = this.directory.resolve("sft");
		try (ConfigurableApplicationContext context = run("--TASKAPP_SFT_OUTPUT_DIR=" + sft)) {
			assertThat(rollouts(context, 5, Map.of())).containsOnly(200);
			TraceWriteQueue queue = context.getBean(TraceWriteQueue.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> queue.written() == 5);
			assertThat(queue.writerNames()).containsExactly("sft");
		}
		try (var files = Files.list(sft)) {
			Path file = files.findFirst().orElseThrow();
			List<String> lines = Files.readAllLines(file);
			assertThat(lines).hasSize(5).allSatisfy((line) -> assertThat(TraceJson.read(line.getBytes()))
				.containsKeys("messages", "tools", "metadata"));
		}
	}

	@Test
	void rolloutObservationMetersRolloutsServedByReactorNetty() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(rollouts(context, 3, Map.of())).containsOnly(200);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(Search.in(meters).name("http.server.requests").tag("uri", "/rollout").timer()).isNull();
			assertThat(meters.get(RolloutTracing.OBSERVATION_NAME)
				.tags("outcome", "success", "mode", "eval", "status", "200")
				.timer()
				.count()).isEqualTo(3);
			assertThat(meters.get(RolloutMeters.REWARD).summary().count()).isEqualTo(3);
			assertThat(meters.get(RolloutMeters.IN_FLIGHT).gauge().value()).isZero();
		}
	}

	@Test
	void rolloutObservationAndHttpServerRequestsAreMeteredThroughWebFlux() {
		try (ConfigurableApplicationContext context = run("--task-app.server.netty-routes=false")) {
			assertThat(rollouts(context, 3, Map.of())).containsOnly(200);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(Search.in(meters)
					.name("http.server.requests")
					.tag("uri", "/rollout")
					.tag("status", "200")
					.timer()).isNotNull()
					.satisfies((timer) -> assertThat(timer.count()).isEqualTo(3)));
			assertThat(meters.get(RolloutTracing.OBSERVATION_NAME)
				.tags("outcome", "success", "mode", "eval", "status", "200")
				.timer()
				.count()).isEqualTo(3);
			assertThat(meters.get(RolloutMeters.REWARD).summary().count()).isEqualTo(3);
			assertThat(meters.get(RolloutMeters.IN_FLIGHT).gauge().value()).isZero();
			assertThat(context.getBeansOfType(TraceWriteQueue.class)).isEmpty();
		}
	}

	private List<Integer> rollouts(ConfigurableApplicationContext context, int count, Map<String, Object> config) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		ConnectionProvider connections = ConnectionProvider.builder("rollouts")
			.maxConnections(count)
			.pendingAcquireMaxCount(-1)
			.build();
		try {
			WebClient client = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
				.baseUrl("http://127.0.0.1:" + port)
				.build();
			return Flux.range(0, count)
				.flatMap((i) -> client.post()
					.uri("/rollout")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(TracedTaskApp.requestJson("run_" + i, i, false, "compact", config))
					.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
						count)
				.collectList()
				.block(Duration.ofSeconds(60));
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	private static long count(Path db, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--task-app.auth.enabled=false",
				"--spring.main.banner-mode=off"));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(TracingTestApplication.class).web(WebApplicationType.REACTIVE)
			.run(all.toArray(String[]::new));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TracingTestApplication {

		@Bean
		TaskAppConfig tracedTaskApp() {
			return TracedTaskApp.config();
		}

	}

}
