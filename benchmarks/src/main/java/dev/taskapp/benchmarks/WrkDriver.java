package dev.taskapp.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Drives load with {@code wrk} (Debian package {@code wrk}): a Lua script sends the rollout
 * body with a new seed and run id on every request, or a plain {@code GET /health}, and
 * prints one {@code BENCH_RESULT} line with the count, the latency percentiles and the errors.
 * wrk is closed-loop: its connection count is the concurrency.
 */
final class WrkDriver {

	private static final Pattern RESULT = Pattern.compile("BENCH_RESULT requests=(\\d+) duration_us=(\\d+) "
			+ "p50_us=(\\d+) p99_us=(\\d+) max_us=(\\d+) connect=(\\d+) read=(\\d+) write=(\\d+) status=(\\d+) "
			+ "timeout=(\\d+)");

	private static final String SCRIPT = """
			-- Written by dev.taskapp.benchmarks.WrkDriver.
			local path = os.getenv("BENCH_PATH") or "/rollout"
			local key = os.getenv("BENCH_KEY") or ""
			local threads = {}

			function setup(thread)
			  thread:set("thread_number", #threads + 1)
			  table.insert(threads, thread)
			end

			function init(args)
			  counter = 0
			  prefix = "wrk" .. (thread_number or 0) .. "-"
			end

			wrk.headers["X-API-Key"] = key
			if path == "/rollout" then
			  wrk.method = "POST"
			  wrk.headers["Content-Type"] = "application/json"
			  request = function()
			    counter = counter + 1
			    local seed = (thread_number or 0) * 1000003 + counter
			    local parts = {}
			    for i = 1, #body_slots do
			      parts[#parts + 1] = body_literals[i]
			      local slot = body_slots[i]
			      if slot == "RUN_ID" then
			        parts[#parts + 1] = prefix .. counter
			      elseif slot == "SEED" then
			        parts[#parts + 1] = tostring(seed)
			      else
			        parts[#parts + 1] = llm
			      end
			    end
			    parts[#parts + 1] = body_literals[#body_literals]
			    return wrk.format(nil, path, nil, table.concat(parts))
			  end
			else
			  wrk.method = "GET"
			  wrk.path = path
			end

			function done(summary, latency, requests)
			  local e = summary.errors
			  io.write(string.format("BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d "
			    .. "connect=%d read=%d write=%d status=%d timeout=%d\\n",
			    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
			    e.connect, e.read, e.write, e.status, e.timeout))
			end
			""";

	private final String executable;

	private final int threads;

	private final Path workDirectory;

	private final String apiKey;

	private int runs;

	WrkDriver(String executable, int threads, Path workDirectory, String apiKey) {
		this.executable = executable;
		this.threads = threads;
		this.workDirectory = workDirectory;
		this.apiKey = apiKey;
	}

	/**
	 * Finds {@code wrk} on the {@code PATH}.
	 * @return its path, or {@code null}
	 */
	static @Nullable String find() {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			File candidate = new File(directory, "wrk");
			if (candidate.isFile() && candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

	/**
	 * Runs one round.
	 * @param server the server's name, for the result
	 * @param scenario the scenario's name, for the result
	 * @param baseUrl the server
	 * @param path {@code /rollout} or {@code /health}
	 * @param bodies the rollout bodies (for {@code /rollout})
	 * @param connections the connections (= concurrency)
	 * @param duration how long
	 * @param rss samples the server's RSS while wrk runs
	 * @return the result
	 */
	LoadResult run(String server, String scenario, String baseUrl, String path, @Nullable RolloutBodies bodies,
			int connections, Duration duration, RssSampler rss) {
		Path script = this.workDirectory.resolve("wrk-" + scenario + ".lua");
		String llm = (bodies != null) ? bodies.inferenceUrl() : "";
		String lua = ((bodies != null) ? bodies.lua() : "body_literals = {}\nbody_slots = {}\n") + "llm = [==[" + llm
				+ "]==]\n" + SCRIPT;
		try {
			Files.writeString(script, lua, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		long seconds = Math.max(1, Math.round(duration.toMillis() / 1000.0));
		int threadCount = Math.max(1, Math.min(this.threads, connections));
		List<String> command = List.of(this.executable, "-t" + threadCount, "-c" + connections, "-d" + seconds + "s",
				"--timeout", "30s", "-s", script.toString(), baseUrl + path);
		Path log = this.workDirectory.resolve("wrk-" + (++this.runs) + "-" + server + "-" + scenario + ".log");
		ChildProcess wrk = ChildProcess.start("wrk", command, log, null, RESULT,
				Map.of("BENCH_PATH", path, "BENCH_KEY", this.apiKey));
		rss.start();
		Integer status;
		try {
			status = wrk.waitFor(Duration.ofSeconds(seconds + 60));
		}
		finally {
			rss.stop();
			wrk.stop(Duration.ofSeconds(2));
		}
		if (status == null || status != 0 || wrk.captured().isEmpty()) {
			throw new IllegalStateException("wrk failed (status " + status + "). Last output:\n" + wrk.tail());
		}
		Matcher m = RESULT.matcher(wrk.captured().get(0));
		if (!m.find()) {
			throw new IllegalStateException("Unexpected wrk output: " + wrk.captured());
		}
		long requests = Long.parseLong(m.group(1));
		double secondsTaken = Long.parseLong(m.group(2)) / 1e6;
		long errors = Long.parseLong(m.group(6)) + Long.parseLong(m.group(7)) + Long.parseLong(m.group(8))
				+ Long.parseLong(m.group(10));
		return new LoadResult(server, scenario, requests, secondsTaken, Long.parseLong(m.group(3)) / 1000.0,
				Long.parseLong(m.group(4)) / 1000.0, Long.parseLong(m.group(5)) / 1000.0, errors,
				Long.parseLong(m.group(9)), rss.maxMiB(), connections);
	}

}
