package dev.taskapp.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A load driver on the Reactor Netty {@link HttpClient}, in the runner's JVM (never in a
 * server's). Closed loop: a fixed number of requests in flight on a fixed connection pool,
 * each followed at once by the next, until the time is up. Burst: a given number of requests
 * sent at once, over HTTP/1.1 (one connection each) or h2c (streams over a few connections),
 * each timed from its send; used for the in-flight capacity. Latencies go to an HdrHistogram.
 */
final class JvmDriver {

	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

	/** The limit a 503 body states, {@code "limit":N}, in either server's refusal. */
	private static final Pattern LIMIT = Pattern.compile("\"limit\"\\s*:\\s*(\\d+)");

	private final String apiKey;

	JvmDriver(String apiKey) {
		this.apiKey = apiKey;
	}

	/**
	 * Runs one closed-loop round over HTTP/1.1.
	 * @param server the server's name, for the result
	 * @param scenario the scenario's name, for the result
	 * @param baseUrl the server
	 * @param path {@code /rollout} or {@code /health}
	 * @param bodies the rollout bodies (for {@code /rollout})
	 * @param connections the connections (= concurrency)
	 * @param duration how long
	 * @param rss samples the server's RSS meanwhile
	 * @return the result
	 */
	LoadResult closedLoop(String server, String scenario, String baseUrl, String path, @Nullable RolloutBodies bodies,
			int connections, Duration duration, RssSampler rss) {
		ConnectionProvider provider = ConnectionProvider.builder("bench-" + scenario)
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(RESPONSE_TIMEOUT)
			.build();
		try {
			HttpClient client = client(HttpClient.create(provider), baseUrl);
			Stats stats = new Stats();
			long start = System.nanoTime();
			long deadline = start + duration.toNanos();
			rss.start();
			try {
				Flux.range(0, Integer.MAX_VALUE)
					.takeWhile((i) -> System.nanoTime() < deadline)
					.flatMap((i) -> call(client, path, bodies, "jvm-" + i, i, stats), connections, 1)
					.then()
					.block(duration.plus(RESPONSE_TIMEOUT).plusSeconds(10));
			}
			finally {
				rss.stop();
			}
			return stats.result(server, scenario, (System.nanoTime() - start) / 1e9, rss.maxMiB());
		}
		finally {
			provider.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	/**
	 * Sends {@code count} rollouts at once and waits for all of them.
	 * @param server the server's name, for the result
	 * @param scenario the scenario's name, for the result
	 * @param baseUrl the server
	 * @param bodies the rollout bodies
	 * @param count how many rollouts
	 * @param h2cConnections 0 for HTTP/1.1 (one connection per rollout), else the number of
	 * h2c connections the rollouts are spread over
	 * @param ramp the time the sends are spread over, zero for all at once
	 * @param timeout the longest wait for the whole burst
	 * @param rss samples the server's RSS meanwhile
	 * @return the result, {@code maxInFlight} being the most rollouts the driver had
	 * outstanding at once
	 */
	BurstResult burst(String server, String scenario, String baseUrl, RolloutBodies bodies, int count,
			int h2cConnections, Duration ramp, Duration timeout, RssSampler rss) {
		boolean h2c = h2cConnections > 0;
		int clients = h2c ? h2cConnections : 1;
		ConnectionProvider[] providers = new ConnectionProvider[clients];
		HttpClient[] http = new HttpClient[clients];
		for (int i = 0; i < clients; i++) {
			providers[i] = ConnectionProvider.builder("burst-" + i)
				.maxConnections(h2c ? 1 : count)
				.pendingAcquireMaxCount(-1)
				.pendingAcquireTimeout(timeout)
				.build();
			HttpClient base = HttpClient.create(providers[i]);
			http[i] = client(h2c ? base.protocol(HttpProtocol.H2C) : base, baseUrl);
		}
		try {
			Stats stats = new Stats();
			long start = System.nanoTime();
			rss.start();
			try {
				long rampNanos = ramp.toNanos();
				List<Mono<Void>> calls = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					Mono<Void> call = call(http[i % clients], "/rollout", bodies, "burst-" + i, i, stats);
					long delay = (rampNanos > 0) ? rampNanos / count * i : 0;
					calls.add((delay > 0) ? Mono.delay(Duration.ofNanos(delay)).then(call) : call);
				}
				// Mono.when counts completions; a flatMap this wide rescans every inner on each one.
				Mono.when(calls).block(timeout.plusSeconds(10));
			}
			catch (IllegalStateException ex) {
				stats.error(ex);
			}
			finally {
				rss.stop();
			}
			return new BurstResult(stats.result(server, scenario, (System.nanoTime() - start) / 1e9, rss.maxMiB()),
					stats.statuses(), stats.firstErrors(), stats.refusals(), stats.refusedLimit());
		}
		finally {
			for (ConnectionProvider provider : providers) {
				provider.disposeLater().block(Duration.ofSeconds(10));
			}
		}
	}

	private HttpClient client(HttpClient client, String baseUrl) {
		return client.baseUrl(baseUrl)
			.responseTimeout(RESPONSE_TIMEOUT)
			.headers((headers) -> headers.set("X-API-Key", this.apiKey)
				.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON));
	}

	private static Mono<Void> call(HttpClient client, String path, @Nullable RolloutBodies bodies, String runId,
			int seed, Stats stats) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			// [0] the request's connection or stream is ready and its headers about to be written,
			// [1] its body is written to the socket (0: never)
			long[] marks = new long[2];
			stats.begin();
			HttpClient.ResponseReceiver<?> receiver;
			if (bodies != null) {
				byte[] body = bodies.body(runId, seed);
				receiver = client.post()
					.uri(path)
					.send((request, outbound) -> {
						marks[0] = System.nanoTime();
						request.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
						return outbound.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
							.then(Mono.fromRunnable(() -> marks[1] = System.nanoTime()));
					});
			}
			else {
				receiver = client.get().uri(path);
			}
			return receiver
				.responseSingle((response, content) -> {
					long answered = System.nanoTime();
					int status = response.status().code();
					return content.asByteArray()
						.defaultIfEmpty(new byte[0])
						.doOnNext((bytes) -> stats.complete(status, start, marks[0], marks[1], answered, bytes));
				})
				.doOnError(stats::error)
				.onErrorResume((ex) -> Mono.empty())
				.doFinally((signal) -> stats.end())
				.then();
		});
	}

	/**
	 * The result of a burst.
	 *
	 * @param load the counts and latencies
	 * @param statuses how many answers had each status
	 * @param firstErrors the first few failures, for the report
	 * @param refusals the latencies of the 503 answers (refused by admission)
	 * @param refusedLimit the limit the first 503 body states, -1 if none did
	 */
	record BurstResult(LoadResult load, Map<Integer, Long> statuses, List<String> firstErrors, Refusals refusals,
			int refusedLimit) {

		long admitted() {
			return this.statuses.getOrDefault(200, 0L);
		}

		long rejected() {
			return this.statuses.getOrDefault(503, 0L);
		}

		double rejectedP50Millis() {
			return this.refusals.totalP50Millis();
		}

		double rejectedP99Millis() {
			return this.refusals.totalP99Millis();
		}

	}

	/**
	 * Where the refused requests' time went, as the driver saw it (0 when none was refused).
	 * <ul>
	 * <li>total: from the driver's send (its subscription, when the clock starts) to the
	 * answer's status line;</li>
	 * <li>queued: from the send until the driver had a connection (HTTP/1.1) or stream (h2c)
	 * for it and began writing it: the driver's own pool and event loop;</li>
	 * <li>writing: from then until its body was written to the socket, which includes waiting
	 * for HTTP/2 flow-control credit from the server and for a full socket buffer to drain;</li>
	 * <li>server: from the request written until the answer's status line arrived (the server
	 * reading and answering it, plus the time either process waited for a core).</li>
	 * </ul>
	 *
	 * @param totalP50Millis median total latency
	 * @param totalP99Millis 99th percentile of the total latency
	 * @param queuedP50Millis median time queued in the driver
	 * @param queuedP99Millis 99th percentile of the time queued in the driver
	 * @param writingP50Millis median time writing the request
	 * @param writingP99Millis 99th percentile of the time writing the request
	 * @param serverP50Millis median time from written to answered
	 * @param serverP99Millis 99th percentile of the time from written to answered
	 */
	record Refusals(double totalP50Millis, double totalP99Millis, double queuedP50Millis, double queuedP99Millis,
			double writingP50Millis, double writingP99Millis, double serverP50Millis, double serverP99Millis) {

	}

	private static final class Stats {

		private final Histogram latencies = new ConcurrentHistogram(3);

		private final Histogram rejectedLatencies = new ConcurrentHistogram(3);

		private final Histogram rejectedQueued = new ConcurrentHistogram(3);

		private final Histogram rejectedWriting = new ConcurrentHistogram(3);

		private final Histogram rejectedServer = new ConcurrentHistogram(3);

		private final AtomicInteger refusedLimit = new AtomicInteger(-1);

		private final LongAdder requests = new LongAdder();

		private final LongAdder non2xx = new LongAdder();

		private final LongAdder errors = new LongAdder();

		private final AtomicInteger inFlight = new AtomicInteger();

		private final AtomicLong maxInFlight = new AtomicLong();

		private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

		private final List<String> firstErrors = new CopyOnWriteArrayList<>();

		void begin() {
			int now = this.inFlight.incrementAndGet();
			this.maxInFlight.accumulateAndGet(now, Math::max);
		}

		void end() {
			this.inFlight.decrementAndGet();
		}

		void complete(int status, long start, long opened, long written, long answered, byte[] body) {
			long micros = Math.max(1, (answered - start) / 1000);
			this.requests.increment();
			this.latencies.recordValue(micros);
			if (status == 503) {
				this.rejectedLatencies.recordValue(micros);
				if (opened != 0 && written != 0) {
					this.rejectedQueued.recordValue(Math.max(1, (opened - start) / 1000));
					this.rejectedWriting.recordValue(Math.max(1, (written - opened) / 1000));
					this.rejectedServer.recordValue(Math.max(1, (answered - written) / 1000));
				}
				if (this.refusedLimit.get() < 0) {
					this.refusedLimit.compareAndSet(-1, limitIn(body));
				}
			}
			this.statuses.computeIfAbsent(status, (key) -> new LongAdder()).increment();
			if (status < 200 || status >= 300) {
				this.non2xx.increment();
			}
		}

		private static int limitIn(byte[] body) {
			Matcher matcher = LIMIT.matcher(new String(body, StandardCharsets.UTF_8));
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
		}

		void error(Throwable ex) {
			this.errors.increment();
			if (this.firstErrors.size() < 5) {
				this.firstErrors.add(String.valueOf(ex));
			}
		}

		Map<Integer, Long> statuses() {
			Map<Integer, Long> counts = new TreeMap<>();
			this.statuses.forEach((status, count) -> counts.put(status, count.sum()));
			return counts;
		}

		Refusals refusals() {
			return new Refusals(millisAt(this.rejectedLatencies, 50), millisAt(this.rejectedLatencies, 99),
					millisAt(this.rejectedQueued, 50), millisAt(this.rejectedQueued, 99),
					millisAt(this.rejectedWriting, 50), millisAt(this.rejectedWriting, 99),
					millisAt(this.rejectedServer, 50), millisAt(this.rejectedServer, 99));
		}

		int refusedLimit() {
			return this.refusedLimit.get();
		}

		private static double millisAt(Histogram histogram, double percentile) {
			return (histogram.getTotalCount() > 0) ? histogram.getValueAtPercentile(percentile) / 1000.0 : 0;
		}

		List<String> firstErrors() {
			return List.copyOf(this.firstErrors);
		}

		LoadResult result(String server, String scenario, double seconds, double rssMiB) {
			return new LoadResult(server, scenario, this.requests.sum(), seconds,
					this.latencies.getValueAtPercentile(50) / 1000.0, this.latencies.getValueAtPercentile(99) / 1000.0,
					this.latencies.getMaxValue() / 1000.0, this.errors.sum(), this.non2xx.sum(), rssMiB,
					this.maxInFlight.get());
		}

	}

}
