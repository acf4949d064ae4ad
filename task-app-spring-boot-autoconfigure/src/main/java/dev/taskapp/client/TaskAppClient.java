package dev.taskapp.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.taskapp.contract.RolloutRequest;
import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.TaskInfo;
import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Non-blocking client of any Synth-compatible task app, this starter's or the Python
 * reference: what a job submitter, a test or a tool uses to check a task app, read its task
 * descriptions and run rollouts over HTTP.
 * <p>
 * {@link #health()} performs the check of §5.1 of the task-app contract, as the Synth SDK's
 * {@code check_task_app_health} does before it submits a job: {@code GET /health}, then
 * {@code GET /task_info}, with the API key in {@code X-API-Key}, {@code X-API-Keys} (with its
 * aliases) and {@code Authorization: Bearer}; {@code /health} counts as healthy when it answers
 * 200, or 401/403 with a body that names the expected key prefix; {@code /task_info} only when
 * it answers 200; connection and DNS failures are retried with backoff 1, 2, 4, 8, 16 s. It
 * never signals an error: an unreachable app is reported as {@code ok=false}.
 * <p>
 * Every request carries the SynthTunnel worker token ({@code X-SynthTunnel-Worker-Token}, §6.5.5)
 * when one is configured, and every request but {@link #root()} the API key headers. Bodies are
 * read and written with the contract mapper, so the application's Jackson settings never
 * matter. Failures are {@link TaskAppClientException}s whose messages never contain a secret.
 * <p>
 * Instances are immutable and thread-safe; create one with {@link #builder(String)}:
 * <pre class="code">
 * TaskAppClient client = TaskAppClient.builder("https://x.trycloudflare.com")
 *     .apiKey(apiKey)
 *     .build();
 * TaskAppHealth health = client.health().block();
 * </pre>
 */
public final class TaskAppClient {

	/** Default timeout of every request but {@code /rollout}. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** Default timeout of {@code /rollout}. */
	public static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(10);

	/** Default number of retries of the health check after a connection failure. */
	public static final int DEFAULT_MAX_RETRIES = 5;

	/** Default delay before the first retry of the health check; doubled for each next one. */
	public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);

	private static final TaskAppRequest ROOT = TaskAppRequest.get("/");

	private static final TaskAppRequest INFO = TaskAppRequest.get("/info");

	private static final TaskAppRequest TASK_INFO = TaskAppRequest.get(HealthCheck.TASK_INFO);

	private static final TaskAppRequest ROLLOUT = new TaskAppRequest("POST", "/rollout", "");

	private final String baseUrl;

	private final AuthHeaders authHeaders;

	private final Duration timeout;

	private final Duration rolloutTimeout;

	private final HttpExchange exchange;

	private final ResponseReader reader;

	private final HealthCheck healthCheck;

	private final HealthCheck containerHealthCheck;

	private TaskAppClient(Builder builder) {
		this.baseUrl = builder.baseUrl;
		this.authHeaders = new AuthHeaders(builder.apiKey, builder.apiKeyAliases, builder.workerToken);
		this.timeout = builder.timeout;
		this.rolloutTimeout = builder.rolloutTimeout;
		SecretRedactor redactor = new SecretRedactor(this.authHeaders.secrets());
		HttpClient httpClient = (builder.httpClient != null) ? builder.httpClient : HttpClient.create();
		this.exchange = new HttpExchange(httpClient, this.baseUrl, this.authHeaders, redactor);
		this.reader = new ResponseReader(this.baseUrl, redactor);
		this.healthCheck = new HealthCheck(this.exchange, this.timeout, builder.maxRetries, builder.retryBackoff);
		this.containerHealthCheck = new HealthCheck(this.exchange, this.timeout, builder.maxRetries,
				builder.retryBackoff, HealthCheck.METADATA);
	}

	/**
	 * Returns a builder of a client of the task app at the given base URL.
	 * @param baseUrl the base URL, {@code http} or {@code https} with a host; a trailing
	 * {@code '/'} is removed
	 * @return the builder
	 * @throws IllegalArgumentException if the URL is not a valid task app URL
	 */
	public static Builder builder(String baseUrl) {
		return new Builder(TaskAppBaseUrl.normalize(baseUrl));
	}

	/**
	 * Returns the base URL of the task app, without trailing {@code '/'}.
	 * @return the base URL
	 */
	public String getBaseUrl() {
		return this.baseUrl;
	}

	/**
	 * Checks the task app as the Synth SDK's {@code check_task_app_health} does (§5.1 of the
	 * contract): {@code GET /health} then {@code GET /task_info}. {@code ok} is true when
	 * {@code /health} answered 200 (or 401/403 naming the expected key prefix) and
	 * {@code /task_info} answered 200. Connection failures are retried; a timeout is not.
	 * @return the result; never an error, also for an unreachable app
	 */
	public Mono<TaskAppHealth> health() {
		return this.healthCheck.check();
	}

	/**
	 * Checks an app that serves the Synth container contract the same way, with
	 * {@code GET /metadata} (what GEPA's preflight reads) in place of {@code GET /task_info}:
	 * {@code ok} is true when {@code /health} and {@code /metadata} answered 200. The
	 * {@link TaskAppHealth#taskInfoStatus()} of the result is the status of {@code /metadata}.
	 * @return the result; never an error, also for an unreachable app
	 */
	public Mono<TaskAppHealth> containerHealth() {
		return this.containerHealthCheck.check();
	}

	/**
	 * Returns the taskset description: the {@code taskset} object of {@code GET /task_info}.
	 * @return the description, unmodifiable
	 */
	public Mono<Map<String, Object>> taskset() {
		return get(TASK_INFO, true, this.timeout).map(this.reader::taskset);
	}

	/**
	 * Returns the TaskInfos of the given seeds: {@code GET /task_info?seed=a&seed=b}. A task app
	 * answers one instance as an object and others as an array; both are accepted.
	 * @param seeds the seeds, at least one
	 * @return the TaskInfos, unmodifiable
	 * @throws IllegalArgumentException if no seed is given
	 */
	public Mono<List<TaskInfo>> taskInfo(List<Integer> seeds) {
		if (seeds.isEmpty()) {
			throw new IllegalArgumentException("At least one seed is required; use taskset() for the taskset");
		}
		String query = seeds.stream()
			.map((seed) -> "seed=" + Objects.requireNonNull(seed, "seeds must not contain null"))
			.collect(Collectors.joining("&"));
		TaskAppRequest request = new TaskAppRequest("GET", HealthCheck.TASK_INFO, query);
		return get(request, true, this.timeout).map(this.reader::taskInfos);
	}

	/**
	 * Returns the TaskInfo of one seed: {@code GET /task_info?seed=n}.
	 * @param seed the seed
	 * @return the TaskInfo
	 */
	public Mono<TaskInfo> taskInfo(int seed) {
		return taskInfo(List.of(seed)).handle((infos, sink) -> {
			if (infos.size() == 1) {
				sink.next(infos.get(0));
			}
			else {
				sink.error(new TaskAppClientException("Task app " + this.baseUrl + " answered " + infos.size()
						+ " TaskInfos for seed " + seed + ", expected 1", 200, HealthCheck.TASK_INFO, null, null));
			}
		});
	}

	/**
	 * Returns the service description of {@code GET /info}. It stays a map: the Python
	 * reference answers a {@code service}/{@code dataset}/{@code inference}/{@code limits}
	 * envelope, other task apps differ in detail.
	 * @return the description, unmodifiable
	 */
	public Mono<Map<String, Object>> info() {
		return get(INFO, true, this.timeout).map((response) -> this.reader.object(response, "info object"));
	}

	/**
	 * Runs one rollout: {@code POST /rollout} with the request as JSON, waiting at most the
	 * rollout timeout. Not retried.
	 * @param request the rollout request
	 * @return the rollout response
	 */
	public Mono<RolloutResponse> rollout(RolloutRequest request) {
		return Mono.fromCallable(() -> TaskAppJson.mapper().writeValueAsBytes(request))
			.flatMap((json) -> this.exchange.postJson(ROLLOUT, json, this.rolloutTimeout))
			.onErrorMap(TransportFailure.class, this.reader::noAnswer)
			.map(this.reader::requireSuccess)
			.map(this.reader::rolloutResponse);
	}

	/**
	 * Checks that the task app is alive: {@code GET /} without the API key.
	 * @return {@code true} if it answered 200, {@code false} for any other status or no answer
	 */
	public Mono<Boolean> root() {
		return this.exchange.get(ROOT, false, this.timeout)
			.map((response) -> response.status() == 200)
			.onErrorResume(TransportFailure.class, (failure) -> Mono.just(false));
	}

	private Mono<RawResponse> get(TaskAppRequest request, boolean withApiKey, Duration timeout) {
		return this.exchange.get(request, withApiKey, timeout)
			.onErrorMap(TransportFailure.class, this.reader::noAnswer)
			.map(this.reader::requireSuccess);
	}

	@Override
	public String toString() {
		return "TaskAppClient[baseUrl=" + this.baseUrl + ", " + this.authHeaders + ", timeout=" + this.timeout
				+ ", rolloutTimeout=" + this.rolloutTimeout + "]";
	}

	/**
	 * Builds a {@link TaskAppClient}. Not thread-safe.
	 */
	public static final class Builder {

		private final String baseUrl;

		private @Nullable String apiKey;

		private List<String> apiKeyAliases = List.of();

		private @Nullable String workerToken;

		private Duration timeout = DEFAULT_TIMEOUT;

		private Duration rolloutTimeout = DEFAULT_ROLLOUT_TIMEOUT;

		private int maxRetries = DEFAULT_MAX_RETRIES;

		private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;

		private @Nullable HttpClient httpClient;

		private Builder(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		/**
		 * Sets the API key (the task app's {@code ENVIRONMENT_API_KEY}), sent as
		 * {@code X-API-Key}, first in {@code X-API-Keys} and as {@code Authorization: Bearer}.
		 * @param apiKey the key, or {@code null} (or blank) for none
		 * @return this builder
		 * @throws IllegalArgumentException if the key contains a comma, white space or a control
		 * character
		 */
		public Builder apiKey(@Nullable String apiKey) {
			this.apiKey = AuthHeaders.validated(apiKey, "API key");
			return this;
		}

		/**
		 * Sets further keys the task app may accept (its {@code ENVIRONMENT_API_KEY_ALIASES}),
		 * sent after the API key in {@code X-API-Keys}, comma-joined, as the Synth SDK does.
		 * @param apiKeyAliases the aliases; blank ones are ignored
		 * @return this builder
		 * @throws IllegalArgumentException if an alias contains a comma, white space or a
		 * control character
		 */
		public Builder apiKeyAliases(List<String> apiKeyAliases) {
			List<String> copy = List.copyOf(apiKeyAliases);
			copy.forEach((alias) -> AuthHeaders.validated(alias, "API key alias"));
			this.apiKeyAliases = copy;
			return this;
		}

		/**
		 * Sets the SynthTunnel worker token of the lease, sent as
		 * {@code X-SynthTunnel-Worker-Token} with every request.
		 * @param workerToken the token, or {@code null} (or blank) for none
		 * @return this builder
		 * @throws IllegalArgumentException if the token contains a comma, white space or a
		 * control character
		 */
		public Builder workerToken(@Nullable String workerToken) {
			this.workerToken = AuthHeaders.validated(workerToken, "Worker token");
			return this;
		}

		/**
		 * Sets the timeout of each request other than {@code /rollout}: the time to connect,
		 * send and read the whole answer. Default 10 s.
		 * @param timeout the timeout, positive
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = Durations.requirePositive(timeout, "timeout");
			return this;
		}

		/**
		 * Sets the timeout of {@code /rollout}. Default 10 min.
		 * @param rolloutTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder rolloutTimeout(Duration rolloutTimeout) {
			this.rolloutTimeout = Durations.requirePositive(rolloutTimeout, "rolloutTimeout");
			return this;
		}

		/**
		 * Sets how often {@link #health()} retries after a connection or DNS failure. Default 5.
		 * @param maxRetries the number of retries; 0 for none
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			if (maxRetries < 0) {
				throw new IllegalArgumentException("maxRetries must not be negative");
			}
			this.maxRetries = maxRetries;
			return this;
		}

		/**
		 * Sets the delay before the first retry of {@link #health()}; each next delay is twice
		 * the previous one. Default 1 s (1, 2, 4, 8, 16 s, as the Synth SDK waits).
		 * @param retryBackoff the first delay, not negative
		 * @return this builder
		 */
		public Builder retryBackoff(Duration retryBackoff) {
			if (retryBackoff.isNegative()) {
				throw new IllegalArgumentException("retryBackoff must not be negative");
			}
			this.retryBackoff = retryBackoff;
			return this;
		}

		/**
		 * Sets the Reactor Netty client to send requests with, for example to share a
		 * connection pool. Its base URL, if any, is not used. Default
		 * {@link HttpClient#create()}.
		 * @param httpClient the client
		 * @return this builder
		 */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = Objects.requireNonNull(httpClient, "httpClient must not be null");
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 */
		public TaskAppClient build() {
			return new TaskAppClient(this);
		}

		@Override
		public String toString() {
			AuthHeaders authHeaders = new AuthHeaders(this.apiKey, this.apiKeyAliases, this.workerToken);
			return "TaskAppClient.Builder[baseUrl=" + this.baseUrl + ", " + authHeaders + ", timeout=" + this.timeout
					+ ", rolloutTimeout=" + this.rolloutTimeout + ", maxRetries=" + this.maxRetries
					+ ", retryBackoff=" + this.retryBackoff + "]";
		}

	}

}
