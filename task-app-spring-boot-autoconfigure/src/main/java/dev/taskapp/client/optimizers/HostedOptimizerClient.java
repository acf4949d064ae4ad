package dev.taskapp.client.optimizers;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;

/**
 * Non-blocking client of Synth's hosted-optimizer API, the way today's backend runs GEPA
 * against a Synth container. It follows {@code HostedOptimizerClient} of
 * {@code synth_optimizers/hosted.py} ({@code synth-laboratories/optimizers}) and
 * {@code docs/hosted-optimizers.md}:
 * <ul>
 * <li>submit: {@code POST /api/v1/optimizers/runs} with {@code algorithm} and
 * {@code config_toml} or {@code config_json} (see {@link OptimizerRunRequest}); the answer must
 * name {@code run_id}, {@code status}, {@code events_url}, {@code status_url} and
 * {@code artifact_base_url};</li>
 * <li>status: {@code GET /api/v1/optimizers/runs/{id}}, polled every 2 s by default until one
 * of {@link OptimizerRunStatus#TERMINAL_STATUSES};</li>
 * <li>events: {@code GET /api/v1/optimizers/runs/{id}/events?after_seq=&limit=} as server-sent
 * events, resumed after a dropped stream from the highest sequence number seen; and the same
 * route with {@code stream=0} as an NDJSON backfill;</li>
 * <li>cancel: {@code POST /api/v1/optimizers/runs/{id}/cancel}.</li>
 * </ul>
 * Every request carries the Synth API key as {@code Authorization: Bearer}. No message ever
 * contains the key or a container header value. Instances are immutable and thread-safe:
 * <pre class="code">
 * HostedOptimizerClient client = HostedOptimizerClient.builder("https://api.usesynth.ai")
 *     .apiKey(System.getenv("SYNTH_API_KEY"))
 *     .build();
 * OptimizerRun run = client.submit(request).block();
 * client.events(run.runId(), 0).subscribe((event) -&gt; log.info(event.type()));
 * OptimizerRunStatus end = client.awaitCompletion(run.runId(), (status) -&gt; { }).block();
 * </pre>
 */
public final class HostedOptimizerClient {

	/** Path of the runs route. */
	public static final String RUNS = "/api/v1/optimizers/runs";

	/** Default timeout of one request. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	/** Default time between two status polls, as {@code wait_for_run} polls. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

	/** Default longest wait for a run to end. */
	public static final Duration DEFAULT_COMPLETION_TIMEOUT = Duration.ofHours(1);

	/** Default most events asked for per request, as {@code hosted.py} asks. */
	public static final int DEFAULT_EVENTS_LIMIT = 500;

	/** Most events the backend returns per request. */
	public static final int MAX_EVENTS_LIMIT = 5000;

	/** Default most times in a row an event stream is resumed without bringing a new event. */
	public static final int DEFAULT_MAX_RESUMES = 5;

	private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

	private final OptimizerHttp http;

	private final SecretMask mask;

	private final Duration timeout;

	private final Duration pollInterval;

	private final Duration completionTimeout;

	private final Duration resumeDelay;

	private final int maxResumes;

	private HostedOptimizerClient(Builder builder, String apiKey) {
		this.timeout = builder.timeout;
		this.pollInterval = builder.pollInterval;
		this.completionTimeout = builder.completionTimeout;
		this.resumeDelay = builder.resumeDelay;
		this.maxResumes = builder.maxResumes;
		HttpClient httpClient = (builder.httpClient != null) ? builder.httpClient : HttpClient.create();
		this.http = new OptimizerHttp(httpClient, builder.baseUrl, apiKey, this.timeout);
		this.mask = new SecretMask(List.of(apiKey));
	}

	/**
	 * Returns a builder of a client of the backend at the given URL.
	 * @param backendUrl the backend, such as {@code https://api.usesynth.ai}; a trailing
	 * {@code /api} is dropped
	 * @return the builder
	 * @throws IllegalArgumentException if the URL is not an {@code http} or {@code https} URL
	 * with a host
	 */
	public static Builder builder(String backendUrl) {
		return new Builder(baseUrl(backendUrl));
	}

	/**
	 * Returns the backend URL every path is appended to.
	 * @return the URL, without {@code /api} and without a trailing slash
	 */
	public String getBaseUrl() {
		return this.http.baseUrl();
	}

	/**
	 * Submits a run: {@code POST /api/v1/optimizers/runs}.
	 * @param request the run
	 * @return the backend's answer
	 * @throws IllegalArgumentException if the configuration cannot take the request's
	 * container settings
	 */
	public Mono<OptimizerRun> submit(OptimizerRunRequest request) {
		SecretMask callMask = this.mask.with(request.secrets());
		Map<String, Object> body = request.body();
		String call = "POST " + RUNS;
		return Mono.fromCallable(() -> TaskAppJson.mapper().writeValueAsBytes(body))
			.flatMap((json) -> this.http.exchange("POST", RUNS, "", json, callMask))
			.map((answer) -> submitted(call, this.http.object(call, answer)));
	}

	private OptimizerRun submitted(String call, Map<String, Object> body) {
		return new OptimizerRun(required(call, body, "run_id"), required(call, body, "status").toLowerCase(Locale.ROOT),
				required(call, body, "events_url"), required(call, body, "status_url"),
				required(call, body, "artifact_base_url"), JsonValues.text(body.get("algorithm")), body);
	}

	/**
	 * Returns the status of a run: {@code GET /api/v1/optimizers/runs/{id}}.
	 * @param runId the run id
	 * @return the status
	 * @throws IllegalArgumentException if the run id is not plausible
	 */
	public Mono<OptimizerRunStatus> status(String runId) {
		String path = runPath(runId);
		return this.http.exchange("GET", path, "", null, this.mask)
			.map((answer) -> record("GET " + path, runId, this.http.object("GET " + path, answer), true));
	}

	/**
	 * Asks the backend to cancel a run: {@code POST /api/v1/optimizers/runs/{id}/cancel}.
	 * @param runId the run id
	 * @return the run's status as the backend answered it; {@code cancelling} when it sent no
	 * status
	 */
	public Mono<OptimizerRunStatus> cancel(String runId) {
		String path = runPath(runId) + "/cancel";
		return this.http.exchange("POST", path, "", "{}".getBytes(StandardCharsets.UTF_8), this.mask)
			.map((answer) -> (answer.length == 0) ? new OptimizerRunStatus(runId, "cancelling", null, null, Map.of(),
					Map.of()) : record("POST " + path, runId, this.http.object("POST " + path, answer), false));
	}

	private OptimizerRunStatus record(String call, String runId, Map<String, Object> body, boolean statusRequired) {
		String status = JsonValues.text(body.get("status"));
		if (status == null) {
			if (statusRequired) {
				throw this.http.invalid(call, "it has no status");
			}
			status = "cancelling";
		}
		String id = JsonValues.text(body.get("run_id"));
		String error = JsonValues.text(body.get("error"));
		Map<String, Object> result = JsonValues.asMap(body.get("result"));
		return new OptimizerRunStatus((id != null) ? id : runId, status, JsonValues.text(body.get("algorithm")),
				(error != null) ? this.mask.applyAndLimit(error, 2000) : null, (result != null) ? result : Map.of(),
				body);
	}

	/**
	 * Polls a run until it reaches a terminal status, with the configured poll interval and
	 * completion timeout.
	 * @param runId the run id
	 * @param progress called with every status read, in order
	 * @return the terminal status
	 * @see #awaitCompletion(String, Duration, Duration, Consumer)
	 */
	public Mono<OptimizerRunStatus> awaitCompletion(String runId, Consumer<OptimizerRunStatus> progress) {
		return awaitCompletion(runId, this.pollInterval, this.completionTimeout, progress);
	}

	/**
	 * Polls a run until it reaches a terminal status. The first poll is immediate. Failed
	 * polls that may go away by themselves are tolerated until the timeout; any other failure
	 * ends the wait at once. A failed or cancelled run is a result, not an error.
	 * @param runId the run id
	 * @param pollInterval the time between two polls
	 * @param timeout the longest wait; after it the result is a {@link HostedOptimizerException}
	 * naming the last status seen
	 * @param progress called with every status read, in order
	 * @return the terminal status
	 */
	public Mono<OptimizerRunStatus> awaitCompletion(String runId, Duration pollInterval, Duration timeout,
			Consumer<OptimizerRunStatus> progress) {
		runPath(runId);
		requirePositive(pollInterval, "pollInterval");
		requirePositive(timeout, "timeout");
		Objects.requireNonNull(progress, "progress must not be null");
		AtomicReference<@Nullable OptimizerRunStatus> last = new AtomicReference<>();
		AtomicReference<@Nullable HostedOptimizerException> lastFailure = new AtomicReference<>();
		Mono<OptimizerRunStatus> poll = Mono.defer(() -> status(runId)).doOnNext((status) -> {
			last.set(status);
			lastFailure.set(null);
		}).onErrorResume(HostedOptimizerException.class, (ex) -> {
			if (!ex.isRetryable()) {
				return Mono.error(ex);
			}
			lastFailure.set(ex);
			return Mono.empty();
		});
		return poll.repeatWhen((polls) -> polls.delayElements(pollInterval))
			.doOnNext(progress)
			.takeUntil(OptimizerRunStatus::isTerminal)
			.last()
			.timeout(timeout, Mono.defer(() -> Mono.error(notFinished(runId, timeout, last.get(), lastFailure.get()))));
	}

	private HostedOptimizerException notFinished(String runId, Duration timeout, @Nullable OptimizerRunStatus last,
			@Nullable HostedOptimizerException lastFailure) {
		String lastStatus = (last != null) ? last.status() : "none read";
		String failure = (lastFailure != null) ? "; last poll failed: " + lastFailure.getMessage() : "";
		return new HostedOptimizerException("Optimizer run " + runId + " did not finish within " + timeout.toMillis()
				+ "ms (last status: " + lastStatus + failure + ")", HostedOptimizerException.NO_STATUS, null, false,
				new TimeoutException());
	}

	/**
	 * Follows the events of a run as server-sent events, from the one after {@code afterSeq}
	 * until the run ends. A stream that drops, or ends before the run did, is opened again with
	 * {@code after_seq} set to the highest sequence number seen, after the resume delay; events
	 * at or below it are never emitted twice. When a stream ends and the run's status is
	 * terminal, the events missed meanwhile are read from the NDJSON backfill and the flux
	 * completes. It fails when the stream is refused for good (such as a 401 or 404), or after
	 * the configured number of resumes in a row brought no new event.
	 * @param runId the run id
	 * @param afterSeq the sequence number after which events are wanted; 0 for all
	 * @return the events, in order
	 */
	public Flux<OptimizerEvent> events(String runId, long afterSeq) {
		runPath(runId);
		requireNotNegative(afterSeq);
		return Flux.defer(() -> follow(runId, new EventCursor(afterSeq), 0));
	}

	private Flux<OptimizerEvent> follow(String runId, EventCursor cursor, int quietResumes) {
		cursor.startAttempt();
		Flux<OptimizerEvent> attempt = stream(runId, cursor.position())
			.filter(cursor::isNew)
			.doOnNext(cursor::advance)
			.takeUntil(OptimizerEvent::isRunEnd)
			.onErrorResume(HostedOptimizerException.class, (ex) -> {
				if (!ex.isRetryable()) {
					return Flux.error(ex);
				}
				cursor.failed(ex);
				return Flux.empty();
			});
		return attempt.concatWith(Flux.defer(() -> afterAttempt(runId, cursor, quietResumes)));
	}

	private Flux<OptimizerEvent> afterAttempt(String runId, EventCursor cursor, int quietResumes) {
		if (cursor.sawRunEnd()) {
			return Flux.empty();
		}
		int quiet = cursor.progressed() ? 0 : quietResumes + 1;
		if (quiet > this.maxResumes) {
			HostedOptimizerException failure = cursor.lastFailure();
			return Flux.error(new HostedOptimizerException("The event stream of optimizer run " + runId + " ended "
					+ quiet + " times in a row without a new event"
					+ ((failure != null) ? "; last failure: " + failure.getMessage() : ""),
					(failure != null) ? failure.getStatus() : HostedOptimizerException.NO_STATUS, null, true, failure));
		}
		return status(runId).map(OptimizerRunStatus::isTerminal)
			.onErrorResume(HostedOptimizerException.class,
					(ex) -> ex.isRetryable() ? Mono.just(false) : Mono.error(ex))
			.flatMapMany((ended) -> ended
					? backfill(runId, cursor.position(), MAX_EVENTS_LIMIT).flatMapIterable((events) -> events)
						.filter(cursor::isNew)
						.doOnNext(cursor::advance)
					: Mono.delay(this.resumeDelay).thenMany(Flux.defer(() -> follow(runId, cursor, quiet))));
	}

	/**
	 * Opens one server-sent-event stream of a run's events, without resuming it:
	 * {@code GET /api/v1/optimizers/runs/{id}/events?after_seq=…&limit=…}.
	 * @param runId the run id
	 * @param afterSeq the sequence number after which events are wanted
	 * @return the events the stream carries; completes when the server closes it
	 */
	public Flux<OptimizerEvent> stream(String runId, long afterSeq) {
		String path = runPath(runId) + "/events";
		requireNotNegative(afterSeq);
		return this.http.stream(path, eventQuery(afterSeq, DEFAULT_EVENTS_LIMIT), this.mask)
			.map((data) -> event("GET " + path, data));
	}

	/**
	 * Reads a run's events after a sequence number in one answer, the NDJSON backfill:
	 * {@code GET /api/v1/optimizers/runs/{id}/events?after_seq=…&limit=…&stream=0}.
	 * @param runId the run id
	 * @param afterSeq the sequence number after which events are wanted; 0 for all
	 * @param limit the most events wanted, 1 to {@value #MAX_EVENTS_LIMIT}
	 * @return the events, in the order the backend wrote them
	 */
	public Mono<List<OptimizerEvent>> backfill(String runId, long afterSeq, int limit) {
		String path = runPath(runId) + "/events";
		requireNotNegative(afterSeq);
		if (limit < 1 || limit > MAX_EVENTS_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_EVENTS_LIMIT + ", got " + limit);
		}
		String call = "GET " + path;
		return this.http.exchange("GET", path, eventQuery(afterSeq, limit) + "&stream=0", null, this.mask)
			.map((answer) -> {
				List<OptimizerEvent> events = new ArrayList<>();
				String[] lines = new String(answer, StandardCharsets.UTF_8).split("\n");
				for (int i = 0; i < lines.length; i++) {
					String line = lines[i].strip();
					if (!line.isEmpty()) {
						events.add(event(call + " (line " + (i + 1) + ")", line));
					}
				}
				return events;
			});
	}

	private OptimizerEvent event(String call, String json) {
		Object value;
		try {
			value = TaskAppJson.mapper().readValue(json, Object.class);
		}
		catch (JacksonException ex) {
			throw this.http.invalid(call, "an event is not JSON");
		}
		Map<String, Object> object = JsonValues.asMap(value);
		if (object == null) {
			throw this.http.invalid(call, "an event is not a JSON object");
		}
		return OptimizerEvent.of(object);
	}

	private static String eventQuery(long afterSeq, int limit) {
		return "after_seq=" + afterSeq + "&limit=" + limit;
	}

	private String required(String call, Map<String, Object> body, String key) {
		String text = JsonValues.text(body.get(key));
		if (text == null) {
			throw this.http.invalid(call, "it has no " + key);
		}
		return text;
	}

	private static String runPath(String runId) {
		if (runId == null || !RUN_ID.matcher(runId).matches()) {
			throw new IllegalArgumentException("Invalid optimizer run id '" + runId
					+ "': expected letters, digits, '.', '_', ':' or '-'");
		}
		return RUNS + "/" + runId;
	}

	private static void requireNotNegative(long afterSeq) {
		if (afterSeq < 0) {
			throw new IllegalArgumentException("afterSeq must not be negative");
		}
	}

	private static Duration requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name + " must not be null");
		if (duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive, got " + duration);
		}
		return duration;
	}

	private static String baseUrl(@Nullable String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("Synth backend URL is required");
		}
		String base = url.strip();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		URI uri;
		try {
			uri = new URI(base);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Invalid Synth backend URL: it is malformed");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
				|| uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
			throw new IllegalArgumentException(
					"Invalid Synth backend URL: expected http(s)://host[:port] without user info or query");
		}
		if (base.endsWith("/api")) {
			base = base.substring(0, base.length() - 4);
		}
		return base;
	}

	@Override
	public String toString() {
		return "HostedOptimizerClient[baseUrl=" + getBaseUrl() + ", apiKey=******, timeout=" + this.timeout
				+ ", pollInterval=" + this.pollInterval + ", completionTimeout=" + this.completionTimeout + "]";
	}

	/**
	 * Where an event stream is, across its resumptions.
	 */
	private static final class EventCursor {

		private volatile long position;

		private volatile boolean runEnded;

		private volatile boolean progressed;

		private volatile @Nullable HostedOptimizerException lastFailure;

		EventCursor(long position) {
			this.position = position;
		}

		void startAttempt() {
			this.progressed = false;
		}

		long position() {
			return this.position;
		}

		boolean isNew(OptimizerEvent event) {
			return event.seq() == null || event.seq() > this.position;
		}

		void advance(OptimizerEvent event) {
			if (event.seq() != null) {
				this.position = Math.max(this.position, event.seq());
			}
			this.progressed = true;
			this.lastFailure = null;
			if (event.isRunEnd()) {
				this.runEnded = true;
			}
		}

		void failed(HostedOptimizerException ex) {
			this.lastFailure = ex;
		}

		boolean sawRunEnd() {
			return this.runEnded;
		}

		boolean progressed() {
			return this.progressed;
		}

		@Nullable HostedOptimizerException lastFailure() {
			return this.lastFailure;
		}

	}

	/**
	 * Builds a {@link HostedOptimizerClient}.
	 */
	public static final class Builder {

		private final String baseUrl;

		private @Nullable String apiKey;

		private Duration timeout = DEFAULT_TIMEOUT;

		private Duration pollInterval = DEFAULT_POLL_INTERVAL;

		private Duration completionTimeout = DEFAULT_COMPLETION_TIMEOUT;

		private Duration resumeDelay = Duration.ofSeconds(1);

		private int maxResumes = DEFAULT_MAX_RESUMES;

		private @Nullable HttpClient httpClient;

		private Builder(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		/**
		 * Sets the Synth API key. Required.
		 * @param apiKey the key, such as the value of {@code SYNTH_API_KEY}
		 * @return this builder
		 * @throws IllegalArgumentException if it contains white space or a control character
		 * (the message never contains the key)
		 */
		public Builder apiKey(@Nullable String apiKey) {
			if (apiKey != null && apiKey.strip().chars().anyMatch((ch) -> Character.isWhitespace(ch)
					|| Character.isISOControl(ch))) {
				throw new IllegalArgumentException("Synth API key must not contain white space or control characters");
			}
			this.apiKey = (apiKey != null && !apiKey.isBlank()) ? apiKey.strip() : null;
			return this;
		}

		/**
		 * Sets the timeout of each request (not of an open event stream). Default 30 s.
		 * @param timeout the timeout, positive
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = requirePositive(timeout, "timeout");
			return this;
		}

		/**
		 * Sets the time between two polls of {@link #awaitCompletion(String, Consumer)}.
		 * Default 2 s.
		 * @param pollInterval the interval, positive
		 * @return this builder
		 */
		public Builder pollInterval(Duration pollInterval) {
			this.pollInterval = requirePositive(pollInterval, "pollInterval");
			return this;
		}

		/**
		 * Sets the longest wait of {@link #awaitCompletion(String, Consumer)}. Default 1 h.
		 * @param completionTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder completionTimeout(Duration completionTimeout) {
			this.completionTimeout = requirePositive(completionTimeout, "completionTimeout");
			return this;
		}

		/**
		 * Sets how an event stream is resumed: the wait before it is opened again, and the
		 * most times in a row it may be resumed without bringing a new event. Default 1 s and
		 * {@value HostedOptimizerClient#DEFAULT_MAX_RESUMES}.
		 * @param resumeDelay the wait, positive
		 * @param maxResumes the most resumes without progress, not negative
		 * @return this builder
		 */
		public Builder eventResumption(Duration resumeDelay, int maxResumes) {
			this.resumeDelay = requirePositive(resumeDelay, "resumeDelay");
			if (maxResumes < 0) {
				throw new IllegalArgumentException("maxResumes must not be negative");
			}
			this.maxResumes = maxResumes;
			return this;
		}

		/**
		 * Sets the Reactor Netty client to send requests with. Default
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
		 * @throws IllegalStateException if no API key was set
		 */
		public HostedOptimizerClient build() {
			if (this.apiKey == null) {
				throw new IllegalStateException(
						"Synth API key is required. Set SYNTH_API_KEY in your environment or pass it explicitly.");
			}
			return new HostedOptimizerClient(this, this.apiKey);
		}

		@Override
		public String toString() {
			return "HostedOptimizerClient.Builder[baseUrl=" + this.baseUrl + ", apiKey="
					+ ((this.apiKey != null) ? "******" : "unset") + "]";
		}

	}

}
