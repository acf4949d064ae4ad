package dev.taskapp.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Runs the benchmark: starts the mock LLM, times the start of the sample app (and of the raw
 * server) from process launch to ready, starts both servers with the same heap, warms them up
 * in alternating slices, then measures each scenario in rounds that alternate between the
 * sample and the raw server, and the in-flight capacity with a burst of rollouts. Prints every
 * round, a summary with the ratios sample/raw, and the targets of the issue. Every process it
 * starts is stopped at the end, on failure and on Ctrl-C.
 * <p>
 * Run it with {@code benchmarks/run.sh} (see {@code benchmarks/README.md}); {@code --help}
 * lists the flags.
 */
public final class BenchmarkRunner {

	static final double TARGET_THROUGHPUT_RATIO = 0.8;

	static final double TARGET_P99_HIGH_MILLIS = 300;

	static final double TARGET_INFLIGHT_P99_MILLIS = 1500;

	static final long TARGET_BURST_MIN_SERVED = 1000;

	static final double TARGET_BURST_SECONDS = 60;

	static final double TARGET_REJECTION_P50_MILLIS = 100;

	static final double TARGET_START_SECONDS = 1.5;

	static final double TARGET_RSS_MIB = 300;

	private static final double MIB = 1024.0 * 1024.0;

	static final String SAMPLE = "sample";

	static final String RAW = "raw";

	static final String SAMPLE_FAST = "sample-fast";

	private static final Pattern MOCK_READY = Pattern.compile("MockLlm listening on (http://[^\\s]+)");

	private static final Pattern RAW_READY = Pattern.compile("RawRolloutServer listening on (http://[^\\s,]+)");

	private static final Pattern BOOT_STARTED = Pattern
		.compile("Started \\S+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

	private static final Pattern MAX_IN_FLIGHT = Pattern.compile("\"max_in_flight\":(\\d+)");

	private static final Pattern IN_FLIGHT = Pattern.compile("\"in_flight\":(\\d+)");

	private static volatile boolean stopping;

	private final Settings settings;

	private final StringBuilder report = new StringBuilder();

	private final List<String> csv = new ArrayList<>();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final JvmDriver jvm;

	private final @Nullable WrkDriver wrk;

	private final Map<String, List<LoadResult>> rounds = new LinkedHashMap<>();

	private final List<StartTrial> startTrials = new ArrayList<>();

	private @Nullable FastStartSample fastSample;

	private final List<Burst> bursts = new ArrayList<>();

	private final List<HeapSample> heapSamples = new ArrayList<>();

	private final Map<String, Double> rssLoad = new LinkedHashMap<>();

	private final Map<String, Double> rssInflight = new LinkedHashMap<>();

	private String mockUrl = "";

	private int childCount;

	BenchmarkRunner(Settings settings) {
		this.settings = settings;
		this.jvm = new JvmDriver(settings.apiKey());
		if (settings.driver().equals("wrk") && needsClosedLoop(settings)) {
			String executable = WrkDriver.find();
			if (executable == null) {
				throw new IllegalStateException("wrk is not on the PATH. Install it with 'apt-get install -y wrk'"
						+ " (Debian/Ubuntu), or run with --driver=jvm to use the JVM load driver instead.");
			}
			this.wrk = new WrkDriver(executable, settings.wrkThreads(), settings.output(), settings.apiKey());
		}
		else {
			this.wrk = null;
		}
	}

	/**
	 * Runs the benchmark.
	 * @param args the flags; {@code --help} lists them
	 */
	public static void main(String[] args) {
		if (Arrays.asList(args).contains("--help")) {
			System.out.print(Settings.USAGE);
			return;
		}
		Settings settings;
		try {
			settings = Settings.from(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.print(Settings.USAGE);
			System.exit(2);
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stopping = true;
			ChildProcess.stopAll();
		}, "stop-children"));
		int status = 0;
		BenchmarkRunner runner = null;
		try {
			runner = new BenchmarkRunner(settings);
			runner.run();
		}
		catch (RuntimeException ex) {
			System.err.println();
			System.err.println(stopping ? "Interrupted: every process the benchmark started is being stopped"
					: "Benchmark failed: " + ex.getMessage());
			status = 1;
		}
		finally {
			ChildProcess.stopAll();
			if (runner != null) {
				runner.writeResults();
			}
		}
		System.exit(status);
	}

	private static boolean needsClosedLoop(Settings settings) {
		return settings.runs("rollout") || settings.runs("rollout-high") || settings.runs("health")
				|| (settings.runs("inflight") && settings.inflightWarmup().toMillis() > 0);
	}

	void run() {
		try {
			Files.createDirectories(this.settings.output());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChildProcess.usePidFile(this.settings.pidFile());
		header();
		ChildProcess mock = startMock("mock-llm");
		this.mockUrl = mock.awaitReady(this.settings.readyTimeout()).group(1);
		line("mock LLM        " + this.mockUrl + " (pid " + mock.pid() + ")");
		if (this.settings.runs("start")) {
			startTrials();
		}
		boolean closedLoop = this.settings.runs("rollout") || this.settings.runs("rollout-high")
				|| this.settings.runs("health");
		Servers servers = null;
		try {
			if (closedLoop) {
				servers = startServers(false);
				warmUp(servers, this.settings.warmup(), this.settings.warmupSlice());
				measureClosedLoop(servers);
			}
			if (this.settings.runs("inflight")) {
				boolean h2c = inflightUsesH2c();
				if (servers == null || h2c) {
					if (servers != null) {
						servers.close();
					}
					servers = startServers(h2c);
					warmUp(servers, this.settings.inflightWarmup(), this.settings.inflightWarmup());
				}
				measureInflight(servers, h2c);
			}
		}
		finally {
			if (servers != null) {
				servers.close();
			}
			mock.close();
		}
		summary();
	}

	private void header() {
		section("Task-app benchmark, " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
		line("java            " + System.getProperty("java.version") + " (" + this.settings.java() + ")");
		line("cpus            " + Runtime.getRuntime().availableProcessors() + ", load average at start "
				+ loadAverage());
		line("open files      " + openFileLimit() + " (ulimit -n)");
		line("sample          " + this.settings.sampleJar());
		line("servers         -Xmx" + this.settings.xmx() + " " + String.join(" ", this.settings.serverJvmArgs())
				+ ((this.settings.llmPoolMaxConnections() > 0)
						? " -Dreactor.netty.pool.maxConnections=" + this.settings.llmPoolMaxConnections()
						: " (Reactor Netty's default LLM connection pool)"));
		line("driver          " + ((this.wrk != null) ? "wrk, " + this.settings.wrkThreads() + " threads" : "JVM")
				+ "; scenarios " + this.settings.scenarios());
		line("phases          warm-up " + this.settings.warmup().toSeconds() + " s per server, "
				+ this.settings.rounds() + " round(s): rollout " + this.settings.duration().toSeconds()
				+ " s, rollout-high " + this.settings.durationHigh().toSeconds() + " s, health "
				+ this.settings.healthDuration().toSeconds() + " s");
		line("output          " + this.settings.output().toAbsolutePath().normalize());
	}

	// ---------------------------------------------------------------- start-up

	private void startTrials() {
		section("Start-up: launch -> ready (" + this.settings.startTrials() + " trial(s) each)");
		this.fastSample = FastStartSample.prepare(this.settings.java(), this.settings.serverJvmArgs(),
				this.settings.sampleJar(),
				this.settings.output().resolve("sample-fast-start"), sampleArguments(0, false),
				Pattern.compile(this.settings.sampleReadyPattern()), log(SAMPLE_FAST + "-prepare"));
		line(SAMPLE_FAST + ": " + this.fastSample.description() + ", "
				+ String.join(" ", this.fastSample.jvmOptions()));
		for (int trial = 1; trial <= this.settings.startTrials(); trial++) {
			this.startTrials.add(startTrial(SAMPLE, trial));
			this.startTrials.add(startTrial(SAMPLE_FAST, trial));
			this.startTrials.add(startTrial(RAW, trial));
		}
	}

	private StartTrial startTrial(String server, int trial) {
		int port = freePort();
		ChildProcess process = switch (server) {
			case SAMPLE -> startSample(port, false, "start-" + trial);
			case SAMPLE_FAST -> startFastSample(port, "start-" + trial);
			default -> startRaw(port, false, "start-" + trial);
		};
		boolean sample = !server.equals(RAW);
		try {
			double health = pollHealth("http://127.0.0.1:" + port, process);
			process.awaitReady(this.settings.readyTimeout());
			Duration ready = process.startToReady();
			double readySeconds = (ready != null) ? ready.toNanos() / 1e9 : -1;
			double bootSeconds = -1;
			for (int i = 0; i < 100 && sample && process.captured().isEmpty(); i++) {
				sleep(20);
			}
			for (String line : process.captured()) {
				Matcher matcher = BOOT_STARTED.matcher(line);
				if (matcher.find()) {
					bootSeconds = Double.parseDouble(matcher.group(2));
				}
			}
			StartTrial result = new StartTrial(server, readySeconds, health, bootSeconds);
			line(String.format("%-11s trial %d: launch -> %s %.2f s, launch -> first 200 on /health %.2f s%s", server,
					trial, sample ? "TaskAppUrl ready" : "listening", readySeconds, health,
					(bootSeconds >= 0) ? String.format(", Boot's 'process running for' %.2f s", bootSeconds) : ""));
			return result;
		}
		finally {
			process.close();
		}
	}

	private double pollHealth(String baseUrl, ChildProcess process) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
			.header("X-API-Key", this.settings.apiKey())
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + this.settings.readyTimeout().toNanos();
		while (System.nanoTime() < deadline && process.isAlive()) {
			try {
				if (this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return (System.nanoTime() - process.startNanos()) / 1e9;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			sleep(10);
		}
		throw new IllegalStateException(
				process.name() + " never answered 200 on /health. Last output:\n" + process.tail());
	}

	// ---------------------------------------------------------------- servers

	private Servers startServers(boolean h2c) {
		section("Servers" + (h2c ? " (HTTP/1.1 + h2c)" : ""));
		ChildProcess sample = startSample(0, h2c, "load");
		ChildProcess raw = startRaw(0, h2c, "load");
		String sampleUrl = sample.awaitReady(this.settings.readyTimeout()).group(1);
		String rawUrl = raw.awaitReady(this.settings.readyTimeout()).group(1);
		Servers servers = new Servers(new Server(SAMPLE, sample, sampleUrl), new Server(RAW, raw, rawUrl));
		for (Server server : servers.both()) {
			check(server);
			line(String.format("%-6s %s (pid %d), ready %.2f s after launch", server.name(), server.url(),
					server.process().pid(), server.process().startToReady().toNanos() / 1e9));
		}
		return servers;
	}

	private void check(Server server) {
		byte[] body = new RolloutBodies(this.mockUrl, 0).body("bench-check", 7);
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/rollout"))
			.header("X-API-Key", this.settings.apiKey())
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		HttpResponse<String> response = send(request);
		if (response.statusCode() != 200 || !response.body().contains("\"trajectories\"")
				|| !response.body().contains("\"trace_correlation_id\":\"trace_bench_7\"")) {
			throw new IllegalStateException(server.name() + " answered a check rollout with " + response.statusCode()
					+ ": " + response.body() + "\nLast output:\n" + server.process().tail());
		}
	}

	private ChildProcess startSample(int port, boolean h2c, String purpose) {
		List<String> command = new ArrayList<>();
		command.add(this.settings.java());
		command.addAll(serverJvmOptions());
		command.add("-jar");
		command.add(this.settings.sampleJar().toString());
		command.addAll(sampleArguments(port, h2c));
		return ChildProcess.start(SAMPLE, command, log(SAMPLE + "-" + purpose), Pattern.compile(this.settings
			.sampleReadyPattern()), BOOT_STARTED, Map.of());
	}

	private ChildProcess startFastSample(int port, String purpose) {
		FastStartSample fast = Objects.requireNonNull(this.fastSample, "fastSample");
		List<String> command = new ArrayList<>();
		command.add(this.settings.java());
		command.addAll(serverJvmOptions());
		command.addAll(fast.jvmOptions());
		command.add("-jar");
		command.add(fast.jar().toString());
		command.addAll(sampleArguments(port, false));
		return ChildProcess.start(SAMPLE_FAST, command, log(SAMPLE_FAST + "-" + purpose),
				Pattern.compile(this.settings.sampleReadyPattern()), BOOT_STARTED, Map.of());
	}

	private List<String> sampleArguments(int port, boolean h2c) {
		List<String> command = new ArrayList<>();
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		command.add("--task-app.tunnel.mode=local");
		command.add("--task-app.api-key=" + this.settings.apiKey());
		if (h2c) {
			command.add("--server.http2.enabled=true");
		}
		if (this.settings.inflightLimit() > 0) {
			command.add("--task-app.rollout.max-in-flight=" + this.settings.inflightLimit());
		}
		command.addAll(this.settings.sampleArgs());
		return command;
	}

	private ChildProcess startRaw(int port, boolean h2c, String purpose) {
		List<String> arguments = new ArrayList<>(List.of("--port=" + port, "--api-key=" + this.settings.apiKey(),
				"--dataset=" + this.settings.dataset()));
		if (h2c) {
			arguments.add("--h2c");
		}
		if (this.settings.inflightLimit() > 0) {
			arguments.add("--max-in-flight=" + this.settings.inflightLimit());
		}
		List<String> command = new ArrayList<>();
		command.add(this.settings.java());
		command.addAll(serverJvmOptions());
		command.add("-cp");
		command.add(this.settings.classPath());
		command.add(RawRolloutServer.class.getName());
		command.addAll(arguments);
		command.add("--parent-pid=" + ProcessHandle.current().pid());
		return ChildProcess.start(RAW + "-" + purpose, command, log(RAW + "-" + purpose), RAW_READY, null, Map.of());
	}

	private List<String> serverJvmOptions() {
		List<String> options = new ArrayList<>();
		options.add(ChildProcess.MARKER);
		options.add("-Xmx" + this.settings.xmx());
		if (this.settings.llmPoolMaxConnections() > 0) {
			options.add("-Dreactor.netty.pool.maxConnections=" + this.settings.llmPoolMaxConnections());
		}
		options.addAll(this.settings.serverJvmArgs());
		return options;
	}

	private ChildProcess startMock(String name) {
		return startJava(name, List.of("-Xmx512m"), MockLlm.class, List.of("--dataset=" + this.settings.dataset()),
				MOCK_READY);
	}

	private ChildProcess startJava(String name, List<String> jvmOptions, Class<?> main, List<String> arguments,
			Pattern ready) {
		List<String> command = new ArrayList<>();
		command.add(this.settings.java());
		command.add(ChildProcess.MARKER);
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(this.settings.classPath());
		command.add(main.getName());
		command.addAll(arguments);
		command.add("--parent-pid=" + ProcessHandle.current().pid());
		return ChildProcess.start(name, command, log(name), ready, null, Map.of());
	}

	private Path log(String name) {
		return this.settings.output().resolve(String.format("%02d-%s.log", ++this.childCount, name));
	}

	// ---------------------------------------------------------------- load

	private void warmUp(Servers servers, Duration total, Duration slice) {
		if (total.isZero() || total.isNegative()) {
			return;
		}
		int slices = (int) Math.max(1, Math.ceil((double) total.toMillis() / slice.toMillis()));
		Duration each = total.dividedBy(slices);
		section("Warm-up: " + total.toSeconds() + " s per server in " + slices + " alternating slice(s), /rollout at "
				+ this.settings.connections() + " connections, 0 ms LLM");
		RolloutBodies bodies = new RolloutBodies(this.mockUrl, 0);
		for (int i = 1; i <= slices; i++) {
			for (Server server : servers.both()) {
				LoadResult result = drive(server, "warmup", "/rollout", bodies, this.settings.connections(), each);
				line(String.format("  slice %d/%d %-6s %8.0f req/s  p99 %7.2f ms  failures %d", i, slices,
						server.name(), result.perSecond(), result.p99Millis(), result.failures()));
			}
		}
	}

	private void measureClosedLoop(Servers servers) {
		RolloutBodies fast = new RolloutBodies(this.mockUrl, 0);
		RolloutBodies slow = new RolloutBodies(this.mockUrl, this.settings.llmMillisHigh());
		if (this.settings.runs("rollout")) {
			measure(servers, scenario("rollout", this.settings.connections(), 0), "/rollout", fast,
					this.settings.connections(), this.settings.duration());
		}
		if (this.settings.runs("rollout-high")) {
			measure(servers, scenario("rollout", this.settings.connectionsHigh(), this.settings.llmMillisHigh()),
					"/rollout", slow, this.settings.connectionsHigh(), this.settings.durationHigh());
		}
		if (this.settings.runs("health")) {
			measure(servers, "health-c" + this.settings.connections(), "/health", null, this.settings.connections(),
					this.settings.healthDuration());
		}
	}

	private static String scenario(String name, int connections, long llmMillis) {
		return name + "-c" + connections + "-llm" + llmMillis + "ms";
	}

	private void measure(Servers servers, String scenario, String path, @Nullable RolloutBodies bodies,
			int connections, Duration duration) {
		section("Scenario " + scenario + ": " + this.settings.rounds() + " round(s) of " + duration.toSeconds()
				+ " s per server, alternating");
		List<LoadResult> results = this.rounds.computeIfAbsent(scenario, (key) -> new ArrayList<>());
		for (int round = 1; round <= this.settings.rounds(); round++) {
			List<Server> order = (round % 2 == 1) ? servers.both() : List.of(servers.raw(), servers.sample());
			for (Server server : order) {
				LoadResult result = drive(server, scenario, path, bodies, connections, duration);
				results.add(result);
				this.rssLoad.merge(server.name(), result.rssMaxMiB(), Math::max);
				this.csv.add(String.join(",", server.name(), scenario, Integer.toString(round),
						format(result.perSecond()), format(result.p50Millis()), format(result.p99Millis()),
						format(result.maxMillis()), Long.toString(result.requests()), Long.toString(result.errors()),
						Long.toString(result.non2xx()), format(result.rssMaxMiB())));
				line("  round " + round + " " + result.describe());
			}
		}
	}

	private LoadResult drive(Server server, String scenario, String path, @Nullable RolloutBodies bodies,
			int connections, Duration duration) {
		RssSampler rss = new RssSampler(server.process());
		LoadResult result = (this.wrk != null)
				? this.wrk.run(server.name(), scenario, server.url(), path, bodies, connections, duration, rss)
				: this.jvm.closedLoop(server.name(), scenario, server.url(), path, bodies, connections, duration, rss);
		if (!server.process().isAlive()) {
			throw new IllegalStateException(server.name() + " died during " + scenario + ". Last output:\n"
					+ server.process().tail());
		}
		return result;
	}

	private boolean inflightUsesH2c() {
		String protocol = this.settings.inflightProtocol();
		if (!protocol.equals("auto")) {
			return protocol.equals("h2c");
		}
		return openFileLimit() < 2L * this.settings.inflight() + 4096;
	}

	private int h2cConnections() {
		int connections = this.settings.inflightH2cConnections();
		return (connections > 0) ? connections : Math.max(1, (this.settings.inflight() + 99) / 100);
	}

	private void measureInflight(Servers servers, boolean h2c) {
		int count = this.settings.inflight();
		section("In-flight: " + count + " rollouts sent at once, " + this.settings.inflightLlmMillis() + " ms LLM, "
				+ (h2c ? "h2c over " + h2cConnections() + " connections" : "HTTP/1.1, one connection each")
				+ (this.settings.inflightRamp().isZero() ? ""
						: ", sends spread over " + this.settings.inflightRamp().toMillis() + " ms"));
		if (h2c && this.settings.inflightProtocol().equals("auto")) {
			line("  (h2c because ulimit -n is " + openFileLimit() + ": over HTTP/1.1 each server would need "
					+ count + " inbound + " + count + " LLM sockets)");
		}
		// Each server keeps up to `count` idle connections to its LLM between bursts; one mock
		// holding both servers' would need more descriptors than ulimit -n gives.
		ChildProcess rawMock = startMock("mock-llm-raw");
		String rawMockUrl = rawMock.awaitReady(this.settings.readyTimeout()).group(1);
		line("  the raw server's bursts use a second mock LLM, " + rawMockUrl + " (pid " + rawMock.pid() + ")");
		Map<String, String> mocks = Map.of(SAMPLE, this.mockUrl, RAW, rawMockUrl);
		try {
			for (int warmup = 1; warmup <= this.settings.inflightWarmupBursts(); warmup++) {
				for (Server server : inflightServers(servers)) {
					Burst burst = burst(server, mocks.get(server.name()), count, h2c, false);
					LoadResult load = burst.result().load();
					line(String.format("  warm-up burst %d %-6s %d/%d ok in %.2f s, p99 %.0f ms;"
							+ " LLM in flight at once %d; server CPU %.1f s", warmup, server.name(), burst.ok(), count,
							load.seconds(), load.p99Millis(), burst.llmMaxInFlight(), burst.serverCpuSeconds()));
				}
			}
			for (int round = 1; round <= this.settings.inflightRounds(); round++) {
				// Alternate which server goes first: the driver's JVM warms up over the first burst.
				List<Server> order = new ArrayList<>(inflightServers(servers));
				if (round % 2 == 0) {
					Collections.reverse(order);
				}
				for (Server server : order) {
					Burst burst = burst(server, mocks.get(server.name()), count, h2c,
							this.settings.inflightHeap());
					this.bursts.add(burst);
					LoadResult load = burst.result().load();
					this.rssInflight.merge(server.name(), load.rssMaxMiB(), Math::max);
					line(String.format("  round %d %-6s %d/%d completed in %.2f s, errors %d, statuses %s,"
							+ " p50 %.0f ms, p99 %.0f ms, max %.0f ms; in flight at once: driver %d, LLM %d;"
							+ " rss %.0f MiB; server CPU %.1f s", round, server.name(), load.requests() - load.non2xx(),
							count, load.seconds(), load.errors(), burst.result().statuses(), load.p50Millis(),
							load.p99Millis(), load.maxMillis(), load.maxInFlight(), burst.llmMaxInFlight(),
							load.rssMaxMiB(), burst.serverCpuSeconds()));
					line(String.format("    admitted (200) %d, rejected (503) %d, rejection p50 %.1f ms, p99 %.1f ms;"
							+ " OutOfMemoryError lines in the server log: %d", burst.result().admitted(),
							burst.result().rejected(), burst.result().rejectedP50Millis(),
							burst.result().rejectedP99Millis(), burst.outOfMemoryLines()));
					if (burst.result().rejected() > 0) {
						JvmDriver.Refusals refusals = burst.result().refusals();
						line(String.format("    rejections: queued in the driver p50 %.1f ms, p99 %.1f ms; writing the"
								+ " request p50 %.1f ms, p99 %.1f ms; written -> answered p50 %.1f ms, p99 %.1f ms;"
								+ " limit in the 503 body %d", refusals.queuedP50Millis(), refusals.queuedP99Millis(),
								refusals.writingP50Millis(), refusals.writingP99Millis(), refusals.serverP50Millis(),
								refusals.serverP99Millis(), burst.result().refusedLimit()));
					}
					if (burst.heap() != null) {
						HeapSample heap = burst.heap();
						this.heapSamples.add(heap);
						line(String.format("    live heap: idle %.1f MiB, with %d in flight %.1f MiB (%d after the"
								+ " histogram): %.1f KiB per rollout in flight", heap.idleBytes() / MIB,
								heap.inFlight(), heap.busyBytes() / MIB, heap.inFlightAfter(), heap.perRolloutKiB()));
					}
					if (!burst.result().firstErrors().isEmpty()) {
						line("    first errors: " + burst.result().firstErrors());
					}
				}
			}
		}
		finally {
			rawMock.close();
		}
	}

	private List<Server> inflightServers(Servers servers) {
		return this.settings.inflightRaw() ? servers.both() : List.of(servers.sample());
	}

	private Burst burst(Server server, String mockUrl, int count, boolean h2c, boolean probeHeap) {
		RolloutBodies bodies = new RolloutBodies(mockUrl, this.settings.inflightLlmMillis());
		HeapProbe probe = new HeapProbe(this.settings.java());
		int probeNumber = this.heapSamples.size() + 1;
		long idleBytes = probeHeap ? probe.liveBytes(server.process().pid(),
				histogramFile(server, probeNumber, "idle")) : 0;
		send(HttpRequest.newBuilder(URI.create(mockUrl + "/stats/reset"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		CompletableFuture<@Nullable HeapSample> heap = probeHeap
				? CompletableFuture
					.supplyAsync(() -> heapWhileHeld(server, mockUrl, count, probe, idleBytes, probeNumber))
				: CompletableFuture.completedFuture(null);
		RssSampler rss = new RssSampler(server.process());
		Duration cpuBefore = server.process().cpuTime();
		long oomBefore = server.process().outOfMemoryLines();
		JvmDriver.BurstResult result = this.jvm.burst(server.name(), "inflight", server.url(), bodies, count,
				h2c ? h2cConnections() : 0, this.settings.inflightRamp(), this.settings.inflightTimeout(), rss);
		Matcher matcher = MAX_IN_FLIGHT
			.matcher(send(HttpRequest.newBuilder(URI.create(mockUrl + "/stats")).build()).body());
		long llmMax = matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
		double cpuSeconds = server.process().cpuTime().minus(cpuBefore).toMillis() / 1000.0;
		if (!server.process().isAlive()) {
			throw new IllegalStateException(
					server.name() + " died during the in-flight burst. Last output:\n" + server.process().tail());
		}
		sleep(2000);
		return new Burst(result, llmMax, count, cpuSeconds, server.process().outOfMemoryLines() - oomBefore,
				heap.join());
	}

	/**
	 * Waits until the mock LLM holds the burst's calls (all of them, or a number that has not
	 * grown for a second), then takes the server's live heap while they are held.
	 */
	private HeapSample heapWhileHeld(Server server, String mockUrl, int count, HeapProbe probe, long idleBytes,
			int probeNumber) {
		long deadline = System.nanoTime() + Duration.ofMillis(this.settings.inflightLlmMillis() / 2).toNanos();
		long held = 0;
		long steadySince = System.nanoTime();
		while (System.nanoTime() < deadline) {
			long now = llmInFlight(mockUrl);
			if (now != held) {
				held = now;
				steadySince = System.nanoTime();
			}
			if (held >= count || (held > 0 && System.nanoTime() - steadySince > 1_000_000_000L)) {
				break;
			}
			sleep(100);
		}
		long busyBytes = probe.liveBytes(server.process().pid(), histogramFile(server, probeNumber, "held"));
		return new HeapSample(server.name(), idleBytes, busyBytes, held, llmInFlight(mockUrl));
	}

	private Path histogramFile(Server server, int probeNumber, String state) {
		return this.settings.output().resolve("histogram-" + probeNumber + "-" + server.name() + "-" + state + ".txt");
	}

	private long llmInFlight(String mockUrl) {
		Matcher matcher = IN_FLIGHT.matcher(send(HttpRequest.newBuilder(URI.create(mockUrl + "/stats")).build()).body());
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

	// ---------------------------------------------------------------- report

	private void summary() {
		section("Summary (medians over rounds; ratio = sample / raw)");
		line(String.format("%-26s %10s %10s %6s   %-19s %-19s %6s  %s", "scenario", "sample/s", "raw/s", "ratio",
				"sample p50/p99 ms", "raw p50/p99 ms", "p99 x", "RSS max MiB s/r"));
		for (Map.Entry<String, List<LoadResult>> entry : this.rounds.entrySet()) {
			List<LoadResult> sample = only(entry.getValue(), SAMPLE);
			List<LoadResult> raw = only(entry.getValue(), RAW);
			double sampleRate = median(sample, LoadResult::perSecond);
			double rawRate = median(raw, LoadResult::perSecond);
			double sampleP99 = median(sample, LoadResult::p99Millis);
			double rawP99 = median(raw, LoadResult::p99Millis);
			line(String.format("%-26s %10.0f %10.0f %6.2f   %8.2f / %-8.2f %8.2f / %-8.2f %6.2f  %.0f / %.0f",
					entry.getKey(), sampleRate, rawRate, ratio(sampleRate, rawRate),
					median(sample, LoadResult::p50Millis), sampleP99, median(raw, LoadResult::p50Millis), rawP99,
					ratio(sampleP99, rawP99),
					max(sample, LoadResult::rssMaxMiB), max(raw, LoadResult::rssMaxMiB)));
			long failures = entry.getValue().stream().mapToLong(LoadResult::failures).sum();
			if (failures > 0) {
				line(String.format("%-26s failures: sample %d, raw %d", "",
						sample.stream().mapToLong(LoadResult::failures).sum(),
						raw.stream().mapToLong(LoadResult::failures).sum()));
			}
		}
		if (!this.startTrials.isEmpty()) {
			List<StartTrial> raw = trials(RAW);
			for (String server : List.of(SAMPLE, SAMPLE_FAST)) {
				List<StartTrial> sample = trials(server);
				line(String.format("start, launch -> ready      %-11s %.2f s (TaskAppUrl; /health 200 at %.2f s; Boot's"
						+ " 'process running for' %.2f s)   raw %.2f s   ratio %.2f", server,
						median(sample, StartTrial::readySeconds), median(sample, StartTrial::healthSeconds),
						median(sample, StartTrial::bootSeconds), median(raw, StartTrial::readySeconds),
						ratio(median(sample, StartTrial::readySeconds), median(raw, StartTrial::readySeconds))));
			}
		}
		for (Burst burst : this.bursts) {
			LoadResult load = burst.result().load();
			line(String.format("in-flight %-6s            %d/%d ok, %d failed, p50 %.0f ms, p99 %.0f ms, max %.0f ms,"
					+ " LLM calls in flight at once %d", load.server(), burst.ok(), burst.count(), burst.failed(),
					load.p50Millis(), load.p99Millis(), load.maxMillis(), burst.llmMaxInFlight()));
			line(String.format("          %-6s            admitted %d, rejected %d (p50 %.1f ms, p99 %.1f ms; p50 queued in"
					+ " the driver %.1f ms, writing %.1f ms, written -> answered %.1f ms), burst over in %.1f s,"
					+ " OOM lines %d", load.server(), burst.result().admitted(), burst.result().rejected(),
					burst.result().rejectedP50Millis(), burst.result().rejectedP99Millis(),
					burst.result().refusals().queuedP50Millis(), burst.result().refusals().writingP50Millis(),
					burst.result().refusals().serverP50Millis(),
					load.seconds(), burst.outOfMemoryLines()));
		}
		Refused sampleRefused = refused(SAMPLE);
		Refused rawRefused = refused(RAW);
		if (sampleRefused != null && rawRefused != null) {
			line(String.format("rejection median, burst of %d: sample %.1f ms (p99 %.1f), raw %.1f ms (p99 %.1f), ratio %.2f"
					+ " (sample / raw: queued in the driver %.1f / %.1f ms, writing %.1f / %.1f ms, written -> answered"
					+ " %.1f / %.1f ms)", this.settings.inflight(), sampleRefused.totalP50(), sampleRefused.totalP99(),
					rawRefused.totalP50(), rawRefused.totalP99(), ratio(sampleRefused.totalP50(), rawRefused.totalP50()),
					sampleRefused.queuedP50(),
					rawRefused.queuedP50(), sampleRefused.writingP50(), rawRefused.writingP50(), sampleRefused.serverP50(),
					rawRefused.serverP50()));
		}
		this.rssLoad.forEach((server, rss) -> line(String.format("RSS max, closed-loop %-6s  %.0f MiB (-Xmx%s)", server,
				rss, this.settings.xmx())));
		this.rssInflight.forEach((server, rss) -> line(String.format("RSS max, in-flight %-6s   %.0f MiB (-Xmx%s)",
				server, rss, this.settings.xmx())));
		if (!this.heapSamples.isEmpty()) {
			double sampleKiB = median(heap(SAMPLE), HeapSample::perRolloutKiB);
			double rawKiB = median(heap(RAW), HeapSample::perRolloutKiB);
			line(String.format("live heap per rollout in flight: sample %.1f KiB, raw %.1f KiB, ratio %.2f"
					+ " (medians over rounds; class histograms after a full GC)", sampleKiB, rawKiB,
					ratio(sampleKiB, rawKiB)));
		}
		line("load average at end: " + loadAverage());
		targets();
	}

	private void targets() {
		section("Targets (sample app)");
		List<LoadResult> fast = this.rounds.get(scenario("rollout", this.settings.connections(), 0));
		if (fast != null) {
			double ratio = ratio(median(only(fast, SAMPLE), LoadResult::perSecond),
					median(only(fast, RAW), LoadResult::perSecond));
			target(ratio >= TARGET_THROUGHPUT_RATIO, String.format("rollout throughput at %d connections, 0 ms LLM:"
					+ " %.2f x raw (target >= %.1f x)", this.settings.connections(), ratio, TARGET_THROUGHPUT_RATIO));
		}
		List<LoadResult> high = this.rounds
			.get(scenario("rollout", this.settings.connectionsHigh(), this.settings.llmMillisHigh()));
		if (high != null) {
			List<LoadResult> sample = only(high, SAMPLE);
			double p99 = median(sample, LoadResult::p99Millis);
			long failures = sample.stream().mapToLong(LoadResult::failures).sum();
			target(p99 <= TARGET_P99_HIGH_MILLIS && failures == 0, String.format("p99 at %d connections, %d ms LLM:"
					+ " %.0f ms, %d failures (target <= %.0f ms)", this.settings.connectionsHigh(),
					this.settings.llmMillisHigh(), p99, failures, TARGET_P99_HIGH_MILLIS));
		}
		List<Burst> sampleBursts = this.bursts.stream()
			.filter((burst) -> burst.result().load().server().equals(SAMPLE))
			.toList();
		if (!sampleBursts.isEmpty()) {
			long sent = sampleBursts.stream().mapToLong(Burst::count).sum();
			long ok = sampleBursts.stream().mapToLong(Burst::ok).sum();
			long failed = sampleBursts.stream().mapToLong(Burst::failed).sum();
			double p99 = median(sampleBursts.stream().map((burst) -> burst.result().load()).toList(),
					LoadResult::p99Millis);
			long answered = sampleBursts.stream()
				.mapToLong((burst) -> burst.result().admitted() + burst.result().rejected())
				.sum();
			long rejected = sampleBursts.stream().mapToLong((burst) -> burst.result().rejected()).sum();
			long oom = sampleBursts.stream().mapToLong(Burst::outOfMemoryLines).sum();
			long leastServed = sampleBursts.stream().mapToLong((burst) -> burst.result().admitted()).min().orElse(0);
			double longest = sampleBursts.stream().mapToDouble((burst) -> burst.result().load().seconds()).max()
				.orElse(0);
			target(oom == 0 && answered == sent && leastServed >= TARGET_BURST_MIN_SERVED
					&& longest <= TARGET_BURST_SECONDS,
					String.format("burst of %d: %d OutOfMemoryError lines, %d/%d answered 200 or 503, fewest served %d,"
							+ " longest burst %.1f s (target no OOM, all 200/503, >= %d served, <= %.0f s)",
							this.settings.inflight(), oom, answered, sent, leastServed, longest,
							TARGET_BURST_MIN_SERVED, TARGET_BURST_SECONDS));
			Refused sampleRefused = refused(SAMPLE);
			if (rejected > 0 && sampleRefused != null) {
				Refused rawRefused = refused(RAW);
				target(sampleRefused.totalP50() < TARGET_REJECTION_P50_MILLIS, String.format(
						"rejections in the burst of %d: %d, median %.1f ms from the driver's send to the 503 (target"
								+ " < %.0f ms); medians of its parts: %.1f ms queued in the driver, %.1f ms writing the"
								+ " request, %.1f ms from written to answered; %s",
						this.settings.inflight(), rejected, sampleRefused.totalP50(), TARGET_REJECTION_P50_MILLIS,
						sampleRefused.queuedP50(), sampleRefused.writingP50(), sampleRefused.serverP50(),
						(rawRefused != null) ? String.format("raw baseline with the same admission in this run %.1f ms"
								+ " (%.1f queued, %.1f writing, %.1f written -> answered): ratio %.2f",
								rawRefused.totalP50(), rawRefused.queuedP50(), rawRefused.writingP50(),
								rawRefused.serverP50(), ratio(sampleRefused.totalP50(), rawRefused.totalP50()))
								: "no raw baseline in this run (--inflight-raw=false)"));
			}
			if (rejected > 0) {
				line(String.format("  [n/a]     %d concurrent rollouts all served with p99 <= %.0f ms: the burst is past the"
						+ " admission limit", this.settings.inflight(), TARGET_INFLIGHT_P99_MILLIS));
			}
			else {
				target(failed == 0 && ok == sent && p99 <= TARGET_INFLIGHT_P99_MILLIS, String.format(
						"%d concurrent rollouts, %d ms LLM: %d/%d ok over %d round(s), %d failed, median p99 %.0f ms"
								+ " (target all ok, p99 <= %.0f ms)",
						this.settings.inflight(), this.settings.inflightLlmMillis(), ok, sent, sampleBursts.size(),
						failed, p99, TARGET_INFLIGHT_P99_MILLIS));
			}
		}
		List<StartTrial> fastStarts = trials(SAMPLE_FAST);
		if (!fastStarts.isEmpty()) {
			double start = median(fastStarts, StartTrial::readySeconds);
			target(start <= TARGET_START_SECONDS, String.format("start, launch -> TaskAppUrl ready (local mode, %s):"
					+ " %.2f s (target <= %.1f s; plain jar %.2f s)", SAMPLE_FAST, start, TARGET_START_SECONDS,
					median(trials(SAMPLE), StartTrial::readySeconds)));
		}
		Double rss = this.rssLoad.get(SAMPLE);
		if (rss != null) {
			target(rss >= 0 && rss <= TARGET_RSS_MIB, String.format("RSS under load (closed-loop scenarios) with"
					+ " -Xmx%s: %.0f MiB (target <= %.0f MiB)", this.settings.xmx(), rss, TARGET_RSS_MIB));
		}
		Double inflightRss = this.rssInflight.get(SAMPLE);
		if (inflightRss != null) {
			target(inflightRss >= 0 && inflightRss <= TARGET_RSS_MIB, String.format("RSS holding %d rollouts with"
					+ " -Xmx%s: %.0f MiB (target <= %.0f MiB)", this.settings.inflight(), this.settings.xmx(),
					inflightRss, TARGET_RSS_MIB));
		}
	}

	/**
	 * Returns the medians over rounds of a server's rejection latencies, or {@code null} when
	 * none of its measured bursts was refused anything.
	 */
	private @Nullable Refused refused(String server) {
		List<JvmDriver.Refusals> refusals = this.bursts.stream()
			.filter((burst) -> burst.result().load().server().equals(server) && burst.result().rejected() > 0)
			.map((burst) -> burst.result().refusals())
			.toList();
		if (refusals.isEmpty()) {
			return null;
		}
		return new Refused(median(refusals, JvmDriver.Refusals::totalP50Millis),
				median(refusals, JvmDriver.Refusals::totalP99Millis), median(refusals, JvmDriver.Refusals::queuedP50Millis), median(refusals, JvmDriver.Refusals::writingP50Millis),
				median(refusals, JvmDriver.Refusals::serverP50Millis));
	}

	/**
	 * A server's rejection latency (median and 99th percentile), and the medians of its parts:
	 * queued in the driver, writing the request, and from the request written to the answer.
	 */
	record Refused(double totalP50, double totalP99, double queuedP50, double writingP50, double serverP50) {

	}

	private void target(boolean met, String text) {
		line((met ? "  [met]     " : "  [NOT MET] ") + text);
	}

	private static List<LoadResult> only(List<LoadResult> results, String server) {
		return results.stream().filter((result) -> result.server().equals(server)).toList();
	}

	private static <T> double median(Collection<T> items, ToDoubleFunction<T> value) {
		double[] values = items.stream().mapToDouble(value).sorted().toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static <T> double max(Collection<T> items, ToDoubleFunction<T> value) {
		return items.stream().mapToDouble(value).max().orElse(Double.NaN);
	}

	private static double ratio(double value, double baseline) {
		return (baseline > 0) ? value / baseline : Double.NaN;
	}

	private static String format(double value) {
		return String.format("%.2f", value);
	}

	private void section(String title) {
		line("");
		line("== " + title);
	}

	private void line(String text) {
		System.out.println(text);
		this.report.append(text).append('\n');
	}

	void writeResults() {
		try {
			Files.createDirectories(this.settings.output());
			Files.writeString(this.settings.output().resolve("results.txt"), this.report, StandardCharsets.UTF_8);
			List<String> lines = new ArrayList<>();
			lines.add("server,scenario,round,requests_per_s,p50_ms,p99_ms,max_ms,requests,errors,non2xx,rss_max_mib");
			lines.addAll(this.csv);
			Files.write(this.settings.output().resolve("rounds.csv"), lines, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			System.err.println("Cannot write the results: " + ex.getMessage());
		}
	}

	// ---------------------------------------------------------------- helpers

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Request to " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static long openFileLimit() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
				if (line.startsWith("Max open files")) {
					String[] parts = line.substring("Max open files".length()).strip().split("\\s+");
					return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// not Linux
		}
		return -1;
	}

	private static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	record Server(String name, ChildProcess process, String url) {

	}

	record Servers(Server sample, Server raw) implements AutoCloseable {

		List<Server> both() {
			return List.of(this.sample, this.raw);
		}

		@Override
		public void close() {
			this.sample.process().close();
			this.raw.process().close();
		}

	}

	private List<StartTrial> trials(String server) {
		return this.startTrials.stream().filter((trial) -> trial.server().equals(server)).toList();
	}

	record StartTrial(String server, double readySeconds, double healthSeconds, double bootSeconds) {

	}

	private List<HeapSample> heap(String server) {
		return this.heapSamples.stream().filter((sample) -> sample.server().equals(server)).toList();
	}

	record HeapSample(String server, long idleBytes, long busyBytes, long inFlight, long inFlightAfter) {

		double perRolloutKiB() {
			return (this.inFlight > 0) ? (this.busyBytes - this.idleBytes) / 1024.0 / this.inFlight : Double.NaN;
		}

	}

	record Burst(JvmDriver.BurstResult result, long llmMaxInFlight, int count, double serverCpuSeconds,
			long outOfMemoryLines, @Nullable HeapSample heap) {

		long ok() {
			LoadResult load = this.result.load();
			return load.requests() - load.non2xx();
		}

		long failed() {
			return this.count - ok();
		}

	}

}
