package dev.taskapp.benchmarks;

/**
 * What one measured round of load produced.
 *
 * @param server which server was measured
 * @param scenario which scenario
 * @param requests requests completed (any status)
 * @param seconds how long the round lasted
 * @param p50Millis median latency
 * @param p99Millis 99th percentile latency
 * @param maxMillis largest latency
 * @param errors socket errors and timeouts
 * @param non2xx answers whose status was not 2xx
 * @param rssMaxMiB the server's largest resident set size during the round, -1 if unknown
 * @param maxInFlight the most requests in flight at once that the driver saw, -1 if unknown
 */
record LoadResult(String server, String scenario, long requests, double seconds, double p50Millis,
		double p99Millis, double maxMillis, long errors, long non2xx, double rssMaxMiB, long maxInFlight) {

	double perSecond() {
		return (this.seconds > 0) ? this.requests / this.seconds : 0;
	}

	long failures() {
		return this.errors + this.non2xx;
	}

	LoadResult withRss(double rssMaxMiB) {
		return new LoadResult(this.server, this.scenario, this.requests, this.seconds, this.p50Millis, this.p99Millis,
				this.maxMillis, this.errors, this.non2xx, rssMaxMiB, this.maxInFlight);
	}

	String describe() {
		return String.format("%-6s %-22s %9.0f req/s  p50 %8.2f ms  p99 %8.2f ms  max %8.1f ms  n=%d  errors=%d"
				+ "  non2xx=%d  rss=%s", this.server, this.scenario, perSecond(), this.p50Millis, this.p99Millis,
				this.maxMillis, this.requests, this.errors, this.non2xx,
				(this.rssMaxMiB >= 0) ? String.format("%.0f MiB", this.rssMaxMiB) : "?");
	}

}
