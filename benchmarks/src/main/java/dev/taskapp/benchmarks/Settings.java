package dev.taskapp.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The runner's settings, from flags. The defaults are a full run (about 15 minutes on two
 * cores); {@code --smoke} shortens every phase to prove the harness in a minute or two.
 * Any flag given explicitly wins over the preset.
 */
record Settings(Path sampleJar, Path dataset, String classPath, String java, String xmx,
		List<String> serverJvmArgs, List<String> sampleArgs, String apiKey, String driver, int wrkThreads,
		Duration warmup, Duration warmupSlice, int rounds, Duration duration, Duration durationHigh,
		Duration healthDuration, int connections, int connectionsHigh, long llmMillisHigh, int inflight,
		long inflightLlmMillis, String inflightProtocol, int inflightH2cConnections, Duration inflightRamp,
		int inflightRounds, Duration inflightWarmup, int inflightWarmupBursts, Duration inflightTimeout,
		boolean inflightRaw, boolean inflightHeap, int inflightLimit, int startTrials, int llmPoolMaxConnections, Set<String> scenarios, Path output, Path pidFile,
		Duration readyTimeout, String sampleReadyPattern) {

	static final List<String> SCENARIOS = List.of("start", "rollout", "rollout-high", "health", "inflight");

	static final String USAGE = """
			Usage: benchmarks/run.sh [--smoke] [--name=value ...]

			  --smoke                      short phases (1-2 min) to check the harness; its figures mean little
			  --scenarios=a,b              subset of start,rollout,rollout-high,health,inflight (default: all)
			  --driver=wrk|jvm             closed-loop load driver (default wrk: apt-get install -y wrk)
			  --wrk-threads=2              wrk threads
			  --warmup=150s                JIT warm-up per server, rollouts at --connections, alternating
			  --warmup-slice=30s           length of one alternating warm-up slice
			  --rounds=3                   measured rounds per server and scenario (alternating sample/raw)
			  --duration=30s               one round of /rollout at --connections with a 0 ms LLM
			  --duration-high=20s          one round of /rollout at --connections-high with a --llm-ms-high LLM
			  --health-duration=10s        one round of GET /health at --connections
			  --connections=64  --connections-high=512  --llm-ms-high=200
			  --inflight=10000             rollouts sent at once (JVM driver) with a --inflight-llm-ms LLM
			  --inflight-llm-ms=1000
			  --inflight-protocol=auto     http1 | h2c | auto (http1 when ulimit -n allows 2 x inflight + 4096 sockets)
			  --inflight-h2c-connections=0 h2c connections for the burst (0: inflight / 100, Reactor Netty allowing
			                               100 concurrent streams per connection)
			  --inflight-ramp=0s           spread the burst's sends over this time (0: all at once)
			  --inflight-rounds=3  --inflight-warmup=15s  --inflight-timeout=120s
			  --inflight-raw=true          burst the raw server too (false: the sample only)
			  --inflight-limit=0           rollouts each server admits at once, 503 beyond (sample:
			                               task-app.rollout.max-in-flight, raw: --max-in-flight); 0: each
			                               server's default for its heap, the same formula (6,144-ish at 256m)
			  --inflight-heap=false        measure the live heap each server retains per rollout in flight:
			                               a class histogram (jcmd, after a full GC) before each measured
			                               burst and one while the mock LLM holds the burst's calls; use an
			                               LLM slow enough to hold them (e.g. --inflight=4000
			                               --inflight-llm-ms=20000) and a burst under the admission limit
			  --inflight-warmup-bursts=5   unmeasured bursts per server (alternating) before the measured rounds:
			                               they compile the h2c, connect and burst paths the closed-loop
			                               warm-up does not touch, and fill the LLM connection pool
			  --start-trials=5             launches of each server timed from process start to ready
			  --xmx=256m                   heap of both servers
			  --server-jvm-args="..."      further JVM options for both servers (space-separated; default
			                               -XX:+UseSerialGC, the JVM's own choice with < 2 CPUs or < 1792 MB;
			                               --server-jvm-args= for the JVM's default collector)
			  --sample-args="..."          further arguments for the sample application (space-separated)
			  --llm-pool-max-connections=12000
			                               -Dreactor.netty.pool.maxConnections of both servers (0: Reactor Netty's
			                               default, 16 on two cores, which cannot hold 512 rollouts in flight)
			  --sample-jar=PATH            default sample-app/target/sample-app-*.jar
			  --dataset=PATH               Banking77 data for the raw server (default: the sample jar)
			  --java=PATH                  java of the servers (default: this JVM's)
			  --api-key=KEY                task-app key (default: random)
			  --output=DIR                 logs and results (default benchmarks/target/benchmark)
			  --ready-timeout=120s         longest wait for a server to be ready
			  --sample-ready-pattern=RE    the sample's ready log line, group 1 = its URL
			                               (default "Task app reachable at (http://[^\\s]+)")
			""";

	static Settings from(String[] args) {
		Flags flags = new Flags(args);
		boolean smoke = flags.bool("smoke", false);
		Path root = Files.isDirectory(Path.of("benchmarks")) ? Path.of(".") : Path.of("..");
		Path sampleJar = flags.has("sample-jar") ? Path.of(flags.string("sample-jar", "")) : findSampleJar(root);
		Path dataset = Path.of(flags.string("dataset", sampleJar.toString()));
		String classPath = System.getProperty("java.class.path");
		String java = flags.string("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
		Set<String> scenarios = new LinkedHashSet<>(
				Arrays.asList(flags.string("scenarios", String.join(",", SCENARIOS)).split(",")));
		scenarios.removeIf(String::isBlank);
		if (!SCENARIOS.containsAll(scenarios)) {
			throw new IllegalArgumentException("--scenarios must be among " + SCENARIOS + ", got " + scenarios);
		}
		String driver = flags.string("driver", "wrk");
		if (!driver.equals("wrk") && !driver.equals("jvm")) {
			throw new IllegalArgumentException("--driver must be wrk or jvm, got " + driver);
		}
		String protocol = flags.string("inflight-protocol", "auto");
		if (!List.of("auto", "http1", "h2c").contains(protocol)) {
			throw new IllegalArgumentException("--inflight-protocol must be auto, http1 or h2c, got " + protocol);
		}
		Settings settings = new Settings(sampleJar, dataset, classPath, java, flags.string("xmx", "256m"),
				words(flags.string("server-jvm-args", "-XX:+UseSerialGC")), words(flags.string("sample-args", "")),
				flags.string("api-key", "bench_" + UUID.randomUUID().toString().replace("-", "")), driver,
				flags.integer("wrk-threads", 2), flags.duration("warmup", seconds(smoke ? 5 : 150)),
				flags.duration("warmup-slice", seconds(smoke ? 5 : 30)), flags.integer("rounds", smoke ? 1 : 3),
				flags.duration("duration", seconds(smoke ? 5 : 30)),
				flags.duration("duration-high", seconds(smoke ? 5 : 20)),
				flags.duration("health-duration", seconds(smoke ? 3 : 10)), flags.integer("connections", 64),
				flags.integer("connections-high", 512), flags.longValue("llm-ms-high", 200),
				flags.integer("inflight", 10_000), flags.longValue("inflight-llm-ms", 1000), protocol,
				flags.integer("inflight-h2c-connections", 0), flags.duration("inflight-ramp", Duration.ZERO),
				flags.integer("inflight-rounds", smoke ? 1 : 3),
				flags.duration("inflight-warmup", seconds(smoke ? 2 : 15)),
				flags.integer("inflight-warmup-bursts", smoke ? 0 : 5),
				flags.duration("inflight-timeout", seconds(120)),
				flags.bool("inflight-raw", true), flags.bool("inflight-heap", false), flags.integer("inflight-limit", 0),
				flags.integer("start-trials", smoke ? 1 : 5),
				flags.integer("llm-pool-max-connections", 12_000), scenarios,
				Path.of(flags.string("output", root.resolve("benchmarks/target/benchmark").normalize().toString())),
				root.resolve("benchmarks/target/benchmark-children.pids").normalize(),
				flags.duration("ready-timeout", seconds(120)),
				flags.string("sample-ready-pattern", "Task app reachable at (http://[^\\s]+)"));
		flags.rejectUnknown();
		return settings;
	}

	private static Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

	private static List<String> words(String text) {
		return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
	}

	private static Path findSampleJar(Path root) {
		Path target = root.resolve("sample-app/target");
		if (Files.isDirectory(target)) {
			try (Stream<Path> files = Files.list(target)) {
				List<Path> jars = files.filter((file) -> file.getFileName().toString().matches("sample-app-.*\\.jar"))
					.sorted()
					.toList();
				if (!jars.isEmpty()) {
					return jars.get(jars.size() - 1).normalize();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		throw new IllegalArgumentException("No sample-app/target/sample-app-*.jar under " + root.toAbsolutePath()
				+ ": build it first with 'mvn -B -pl sample-app -am package -DskipTests', or pass --sample-jar=PATH");
	}

	boolean runs(String scenario) {
		return this.scenarios.contains(scenario);
	}

}
