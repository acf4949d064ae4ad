package dev.taskapp.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskapp.config.RolloutContext;
import dev.taskapp.config.TaskAppHttpException;
import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model client under many rollouts with upstream failures: every connection returns to
 * the pool, so a small pool serves them all.
 */
class LlmConnectionPoolTests {

	private static final int ROLLOUTS = 10_000;

	private static final int POOL_SIZE = 16;

	private final Set<String> connections = ConcurrentHashMap.newKeySet();

	private final AtomicInteger calls = new AtomicInteger();

	private DisposableServer llm;

	private ConnectionProvider pool;

	@BeforeEach
	void startLlm() {
		String answer = TaskAppJson.mapper()
			.writeValueAsString(Map.of("choices", List.of(Map.of("index", 0, "finish_reason", "tool_calls", "message",
					Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "c1", "type", "function", "function",
							Map.of("name", "classify", "arguments", "{\"intent\": \"card_arrival\"}"))))))));
		this.llm = HttpServer.create().host("127.0.0.1").port(0).doOnConnection((connection) -> this.connections
			.add(connection.channel().id().asLongText())).handle((request, response) -> request.receive().then(
					Mono.defer(() -> (this.calls.incrementAndGet() % 10 == 0)
							? response.status(500).sendString(Mono.just("{\"error\": \"overloaded\"}")).then()
							: response.header("Content-Type", "application/json").sendString(Mono.just(answer)).then())))
			.bindNow();
		this.pool = ConnectionProvider.builder("llm-pool-test")
			.maxConnections(POOL_SIZE)
			.pendingAcquireMaxCount(ROLLOUTS)
			.pendingAcquireTimeout(Duration.ofSeconds(10))
			.build();
	}

	@AfterEach
	void stopLlm() {
		this.llm.disposeNow();
		this.pool.disposeLater().block(Duration.ofSeconds(10));
	}

	@Test
	void connectionsAreReturnedToThePoolAfterSuccessesAndUpstreamErrors() {
		ChatCompletionsClient client = new ChatCompletionsClient(HttpClient.create(this.pool), Duration.ofSeconds(10),
				new MockEnvironment());
		Banking77Rollout rollout = new Banking77Rollout(Banking77Dataset.load(), client, "test-model");
		String inferenceUrl = "http://127.0.0.1:" + this.llm.port() + "/v1?cid=trace_pool";
		AtomicInteger scored = new AtomicInteger();
		AtomicInteger upstreamErrors = new AtomicInteger();
		Flux.range(0, ROLLOUTS).flatMap((seed) -> {
			RolloutRequest request = RolloutRequest.of("run_" + seed, RolloutEnvSpec.ofSeed(seed),
					RolloutPolicySpec.ofConfig(Map.of("inference_url", inferenceUrl)));
			return rollout.rollout(RolloutContext.of(request))
				.doOnNext((response) -> scored.incrementAndGet())
				.onErrorResume(TaskAppHttpException.class, (ex) -> {
					assertThat(ex.getStatus()).isEqualTo(502);
					upstreamErrors.incrementAndGet();
					return Mono.empty();
				});
		}, 64).blockLast(Duration.ofMinutes(3));
		assertThat(scored.get() + upstreamErrors.get()).isEqualTo(ROLLOUTS);
		assertThat(upstreamErrors.get()).isEqualTo(ROLLOUTS / 10);
		assertThat(this.connections).hasSizeLessThanOrEqualTo(POOL_SIZE);
	}

}
