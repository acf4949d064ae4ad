package dev.taskapp.tunnel.synth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Measures requests per second through the relay (HTTP client → test relay → WebSocket →
 * agent → local server and back) against the same requests sent directly to the local
 * server, with the same number of concurrent clients. Not a test: run its {@code main} with
 * the test class path; arguments are the number of requests, the concurrency and the number of
 * rounds (each round measures direct then relayed; the last round counts).
 */
public final class SynthTunnelThroughput {

	private SynthTunnelThroughput() {
	}

	/**
	 * Runs the measurement.
	 * @param args number of requests (20000), concurrency (64), rounds (3)
	 */
	public static void main(String[] args) {
		int requests = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		int concurrency = (args.length > 1) ? Integer.parseInt(args[1]) : 64;
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 3;
		String token = "bench-agent-token-0123456789";
		try (LocalApp app = new LocalApp(); TestRelay relay = new TestRelay(token)) {
			FrameEncoder encoder = new FrameEncoder();
			List<String> keys = List.of("env_bench_key_0001");
			LocalForwarder forwarder = new LocalForwarder("127.0.0.1", app.port(), keys, Duration.ofSeconds(5),
					encoder);
			AgentContext context = new AgentContext("client-bench-0001", "127.0.0.1", app.port(), forwarder, encoder,
					new SecretMask(keys), Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(60));
			SynthTunnelLease lease = new SynthTunnelLease("lease-bench", "rt_test", relay.publicUrl(),
					relay.publicUrl(), relay.agentUrl(), token, "worker", Instant.now().plusSeconds(3600), 128,
					SynthTunnelLease.DEFAULT_MAX_RESPONSE_BYTES, null);
			RelayAgent agent = new RelayAgent(lease, context, Duration.ofMillis(100), Duration.ofSeconds(1),
					(refused, reason) -> {
					});
			agent.start();
			agent.ready().block(Duration.ofSeconds(10));
			ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(concurrency * 2).build();
			HttpClient client = HttpClient.create(pool);
			String direct = "http://127.0.0.1:" + app.port() + "/health";
			String relayed = relay.publicUrl() + "/health";
			System.out.printf(Locale.ROOT, "requests=%d concurrency=%d rounds=%d (GET /health, 16-byte JSON)%n",
					requests, concurrency, rounds);
			double directRate = 0;
			double relayRate = 0;
			for (int round = 1; round <= rounds; round++) {
				directRate = run(client, direct, requests, concurrency);
				relayRate = run(client, relayed, requests, concurrency);
				System.out.printf(Locale.ROOT, "round %d: direct %.0f req/s, through relay %.0f req/s, ratio %.2f%n",
						round, directRate, relayRate, relayRate / directRate);
			}
			System.out.printf(Locale.ROOT, "RESULT direct=%.0f req/s relay=%.0f req/s ratio=%.2f%n", directRate,
					relayRate, relayRate / directRate);
			agent.stop();
			forwarder.dispose(Duration.ofSeconds(2));
			pool.disposeLater().block(Duration.ofSeconds(2));
		}
	}

	private static double run(HttpClient client, String url, int requests, int concurrency) {
		long start = System.nanoTime();
		Long failures = Flux.range(0, requests)
			.flatMap((i) -> client.get()
				.uri(url)
				.responseSingle((response, body) -> body.asByteArray()
					.defaultIfEmpty(new byte[0])
					.map((bytes) -> (response.status().code() == 200) ? 0L : 1L)), concurrency)
			.reduce(0L, Long::sum)
			.onErrorResume((ex) -> Mono.just(-1L))
			.block(Duration.ofMinutes(5));
		double seconds = (System.nanoTime() - start) / 1e9;
		if (failures == null || failures != 0) {
			throw new IllegalStateException("Failed requests: " + failures);
		}
		return requests / seconds;
	}

}
