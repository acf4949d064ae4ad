package dev.taskapp.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Non-blocking client of the Synth backend's prompt-learning job API: submits a GEPA or MIPRO
 * job for a task app, follows its status and events, cancels it, and reads its best score and
 * prompt.
 * <p>
 * It follows the public Synth SDK ({@code synth-laboratories/synth-ai}):
 * <ul>
 * <li>{@code synth_ai/sdk/api/train/prompt_learning.py} ({@code PromptLearningJob.submit},
 * {@code poll_until_complete}, {@code PromptLearningResult}, {@code JobStatus}): submission is
 * {@code POST /api/prompt-learning/online/jobs} with the Synth API key as {@code X-API-Key},
 * accepted with 200 or 201, the job id read from {@code job_id} or {@code id}; status is
 * {@code GET /api/prompt-learning/online/jobs/{id}}, polled every 5 s for at most an hour by
 * default, failed polls tolerated until then;</li>
 * <li>{@code synth_ai/sdk/api/train/builders.py} ({@code build_prompt_learning_payload}): the
 * body {@code {algorithm, config_body, overrides, metadata, auto_start}}, see
 * {@link PromptLearningJobConfig};</li>
 * <li>{@code synth_ai/sdk/api/train/utils.py} ({@code ensure_api_base}) and contract reference
 * §6.6 ({@code run_in_process_job}): the backend URL is reduced to its {@code /api} base;</li>
 * <li>{@code synth_ai/sdk/api/train/pollers.py} ({@code JobPoller}): polls send
 * {@code Authorization: Bearer}, and {@code completed} / {@code canceled} count as terminal;</li>
 * <li>{@code synth_ai/sdk/learning/prompt_learning_client.py} ({@code get_events},
 * {@code get_prompts}): events are {@code GET …/jobs/{id}/events?since_seq=&limit=}, and the
 * best prompt is read from them when the final status does not carry it;</li>
 * <li>{@code synth_ai/sdk/api/train/job_control.py} ({@code cancel_prompt_learning_job}):
 * cancellation is {@code POST …/jobs/{id}/cancel} with an optional {@code reason};</li>
 * <li>the SynthTunnel job side of contract reference §6.5.5 (and {@code PromptLearningJob.submit}
 * of the SDK's later versions): for a SynthTunnel task-app URL the worker token is required,
 * sent as {@code X-SynthTunnel-Worker-Token} and in {@code metadata.worker_token}, and the
 * task-app API key is not sent.</li>
 * </ul>
 * Every request carries the Synth API key as {@code X-API-Key} and as
 * {@code Authorization: Bearer}. Failures are {@link PromptLearningJobException}s; a 401 says
 * that the Synth API key was rejected. No message ever contains the Synth API key, the task-app
 * API key or the worker token.
 * <p>
 * Where the backend URL and the key come from ({@code SYNTH_BACKEND_URL}, {@code SYNTH_API_KEY})
 * is the caller's choice. Instances are immutable and thread-safe:
 * <pre class="code">
 * PromptLearningJobClient client = PromptLearningJobClient.builder("https://api.usesynth.ai")
 *     .apiKey(System.getenv("SYNTH_API_KEY"))
 *     .build();
 * String jobId = client.submit(config).block();
 * PromptLearningJobResult result = client
 *     .awaitCompletion(jobId, (status) -&gt; log.info(status.state() + " " + status.bestScore()))
 *     .block();
 * </pre>
 */
public final class PromptLearningJobClient {

	/** Default timeout of one request. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	/** Default time between two status polls, as the SDK polls. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

	/** Default longest wait for a job to finish, as the SDK waits. */
	public static final Duration DEFAULT_COMPLETION_TIMEOUT = Duration.ofHours(1);

	/** Default most events asked for per page. */
	public static final int DEFAULT_EVENTS_LIMIT = 1000;

	/** Header of the SynthTunnel worker token. */
	public static final String WORKER_TOKEN_HEADER = AuthHeaders.WORKER_TOKEN;

	/** Path of the jobs route, relative to the API base. */
	static final String JOBS = "/prompt-learning/online/jobs";

	private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

	private static final int MAX_EVENT_PAGES = 100;

	private final String apiBase;

	private final String apiKey;

	private final Duration timeout;

	private final Duration pollInterval;

	private final Duration completionTimeout;

	private final BackendExchange exchange;

	private final BackendAnswers answers;

	private PromptLearningJobClient(Builder builder, String apiKey) {
		this.apiBase = builder.apiBase;
		this.apiKey = apiKey;
		this.timeout = builder.timeout;
		this.pollInterval = builder.pollInterval;
		this.completionTimeout = builder.completionTimeout;
		HttpClient httpClient = (builder.httpClient != null) ? builder.httpClient : HttpClient.create();
		this.exchange = new BackendExchange(httpClient, this.apiBase, apiKey, this.timeout);
		this.answers = new BackendAnswers(this.apiBase);
	}

	/**
	 * Returns a builder of a client of the backend at the given URL.
	 * @param backendUrl the backend URL, such as {@code https://api.usesynth.ai}; with or
	 * without a trailing {@code /api}
	 * @return the builder
	 * @throws IllegalArgumentException if the URL is not an {@code http} or {@code https} URL
	 * with a host
	 */
	public static Builder builder(String backendUrl) {
		return new Builder(SynthBackendUrl.apiBase(backendUrl));
	}

	/**
	 * Returns the API base every request goes to.
	 * @return the backend URL ending in {@code /api}
	 */
	public String getApiBase() {
		return this.apiBase;
	}

	/**
	 * Submits a job: {@code POST /api/prompt-learning/online/jobs}. The configuration is
	 * checked before anything is sent.
	 * @param config the job configuration, with the task-app URL (and, unless it is a
	 * SynthTunnel URL, normally the task-app API key) set
	 * @return the job id
	 * @throws IllegalArgumentException if the configuration names no task-app URL, or names a
	 * SynthTunnel URL but has no worker token
	 */
	public Mono<String> submit(PromptLearningJobConfig config) {
		SubmitPayload payload = SubmitPayload.of(config, this.apiBase);
		String workerToken = config.workerToken();
		SecretRedactor redactor = redactor(payload.taskAppApiKey(), workerToken);
		Map<String, String> headers = (workerToken != null) ? Map.of(WORKER_TOKEN_HEADER, workerToken) : Map.of();
		return Mono.fromCallable(() -> TaskAppJson.mapper().writeValueAsBytes(payload.body()))
			.flatMap((json) -> this.exchange.postJson(JOBS, json, headers, redactor))
			.map((response) -> this.answers.requireSuccess(response, redactor))
			.map((response) -> jobId(response, redactor));
	}

	private String jobId(BackendResponse response, SecretRedactor redactor) {
		Map<String, Object> body = this.answers.object(response, redactor);
		for (String key : List.of("job_id", "id")) {
			Object id = body.get(key);
			String text = (id instanceof Number number) ? number.toString() : BackendAnswers.asText(id);
			if (text != null) {
				return text;
			}
		}
		throw this.answers.invalid(response, "it has no job_id");
	}

	/**
	 * Returns the status of a job: {@code GET /api/prompt-learning/online/jobs/{id}}.
	 * @param jobId the job id
	 * @return the status
	 * @throws IllegalArgumentException if the job id is not a plausible id
	 */
	public Mono<PromptLearningJobStatus> status(String jobId) {
		String path = jobPath(jobId);
		SecretRedactor redactor = redactor(null, null);
		return this.exchange.get(path, "", redactor)
			.map((response) -> this.answers.requireSuccess(response, redactor))
			.map((response) -> JobStatusReader.read(jobId, this.answers.object(response, redactor), redactor));
	}

	/**
	 * Returns the events of a job after a sequence number, at most
	 * {@value #DEFAULT_EVENTS_LIMIT}: {@code GET /api/prompt-learning/online/jobs/{id}/events}.
	 * Ask again with the page's {@link PromptLearningJobEvents#nextSeq()} for the next page.
	 * @param jobId the job id
	 * @param sinceSeq the sequence number after which events are wanted; 0 for all
	 * @return the page
	 */
	public Mono<PromptLearningJobEvents> events(String jobId, long sinceSeq) {
		return events(jobId, sinceSeq, DEFAULT_EVENTS_LIMIT);
	}

	/**
	 * Returns the events of a job after a sequence number:
	 * {@code GET /api/prompt-learning/online/jobs/{id}/events?since_seq=…&limit=…}.
	 * @param jobId the job id
	 * @param sinceSeq the sequence number after which events are wanted; 0 for all
	 * @param limit the most events wanted
	 * @return the page
	 * @throws IllegalArgumentException if the job id is not plausible, {@code sinceSeq} is
	 * negative or {@code limit} is not positive
	 */
	public Mono<PromptLearningJobEvents> events(String jobId, long sinceSeq, int limit) {
		String path = jobPath(jobId) + "/events";
		if (sinceSeq < 0) {
			throw new IllegalArgumentException("sinceSeq must not be negative");
		}
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be positive");
		}
		SecretRedactor redactor = redactor(null, null);
		return this.exchange.get(path, "since_seq=" + sinceSeq + "&limit=" + limit, redactor)
			.map((response) -> this.answers.requireSuccess(response, redactor))
			.map((response) -> {
				try {
					return JobEventsReader.read(this.answers.value(response, redactor), sinceSeq);
				}
				catch (IllegalArgumentException ex) {
					throw this.answers.invalid(response, ex.getMessage());
				}
			});
	}

	/**
	 * Asks the backend to cancel a job: {@code POST /api/prompt-learning/online/jobs/{id}/cancel}.
	 * @param jobId the job id
	 * @return the backend's answer, unmodifiable; empty when it sent no body
	 */
	public Mono<Map<String, Object>> cancel(String jobId) {
		return cancel(jobId, null);
	}

	/**
	 * Asks the backend to cancel a job, giving a reason.
	 * @param jobId the job id
	 * @param reason why, sent as {@code reason}; {@code null} or blank for none
	 * @return the backend's answer, unmodifiable; empty when it sent no body
	 */
	public Mono<Map<String, Object>> cancel(String jobId, @Nullable String reason) {
		String path = jobPath(jobId) + "/cancel";
		Map<String, Object> body = (reason != null && !reason.isBlank()) ? Map.of("reason", reason.strip())
				: Map.of();
		SecretRedactor redactor = redactor(null, null);
		return Mono.fromCallable(() -> TaskAppJson.mapper().writeValueAsBytes(body))
			.flatMap((json) -> this.exchange.postJson(path, json, Map.of(), redactor))
			.map((response) -> this.answers.requireSuccess(response, redactor))
			.map((response) -> (response.body().length == 0) ? Map.of()
					: DotPath.unmodifiableCopy(this.answers.object(response, redactor)));
	}

	/**
	 * Returns the result of a job as it stands now, without waiting: its status and, for a
	 * job that succeeded, the best prompt and score (from its events when the status does not
	 * carry them).
	 * @param jobId the job id
	 * @return the result
	 */
	public Mono<PromptLearningJobResult> result(String jobId) {
		return status(jobId).flatMap(this::result);
	}

	/**
	 * Polls a job until it succeeds, fails or is cancelled, with the configured poll interval
	 * and completion timeout.
	 * @param jobId the job id
	 * @param progress called with every status read, in order
	 * @return the result
	 * @see #awaitCompletion(String, Duration, Duration, Consumer)
	 */
	public Mono<PromptLearningJobResult> awaitCompletion(String jobId, Consumer<PromptLearningJobStatus> progress) {
		return awaitCompletion(jobId, this.pollInterval, this.completionTimeout, progress);
	}

	/**
	 * Polls a job until it succeeds, fails or is cancelled. The first poll is immediate.
	 * Failed polls that may go away by themselves ({@link PromptLearningJobException#isRetryable()})
	 * are tolerated until the timeout; any other failure, such as a rejected key, ends the
	 * wait at once. A failed or cancelled job is a result, not an error.
	 * @param jobId the job id
	 * @param pollInterval the time between two polls
	 * @param timeout the longest wait; after it the result is a
	 * {@link PromptLearningJobException} naming the last status seen
	 * @param progress called with every status read, in order
	 * @return the result
	 */
	public Mono<PromptLearningJobResult> awaitCompletion(String jobId, Duration pollInterval, Duration timeout,
			Consumer<PromptLearningJobStatus> progress) {
		jobPath(jobId);
		Durations.requirePositive(pollInterval, "pollInterval");
		Durations.requirePositive(timeout, "timeout");
		Objects.requireNonNull(progress, "progress must not be null");
		AtomicReference<@Nullable PromptLearningJobStatus> last = new AtomicReference<>();
		AtomicReference<@Nullable PromptLearningJobException> lastFailure = new AtomicReference<>();
		Mono<PromptLearningJobStatus> poll = Mono.defer(() -> status(jobId)).doOnNext((status) -> {
			last.set(status);
			lastFailure.set(null);
		}).onErrorResume(PromptLearningJobException.class, (ex) -> {
			if (!ex.isRetryable()) {
				return Mono.error(ex);
			}
			lastFailure.set(ex);
			return Mono.empty();
		});
		return poll.repeatWhen((polls) -> polls.delayElements(pollInterval))
			.doOnNext(progress)
			.takeUntil(PromptLearningJobStatus::isTerminal)
			.last()
			.timeout(timeout,
					Mono.defer(() -> Mono.error(notFinished(jobId, timeout, last.get(), lastFailure.get()))))
			.flatMap(this::result);
	}

	private PromptLearningJobException notFinished(String jobId, Duration timeout,
			@Nullable PromptLearningJobStatus last, @Nullable PromptLearningJobException lastFailure) {
		String lastStatus = (last != null) ? last.state().value() : "none read";
		String failure = (lastFailure != null) ? "; last poll failed: " + lastFailure.getMessage() : "";
		return new PromptLearningJobException("Prompt-learning job " + jobId + " did not finish within "
				+ Durations.describe(timeout) + " (last status: " + lastStatus + failure + ")",
				PromptLearningJobException.NO_STATUS, null, false, new TimeoutException());
	}

	private Mono<PromptLearningJobResult> result(PromptLearningJobStatus status) {
		PromptLearningPrompt prompt = BestPrompts.fromStatus(status.raw());
		Double score = status.bestScore();
		if (status.state() != PromptLearningJobState.SUCCEEDED || (prompt != null && score != null)) {
			return Mono.just(result(status, prompt, score));
		}
		return allEvents(status.jobId()).map((events) -> {
			BestPrompts.Found found = BestPrompts.fromEvents(events);
			return result(status, (prompt != null) ? prompt : found.prompt(), (score != null) ? score : found.score());
		}).onErrorResume(PromptLearningJobException.class, (ex) -> Mono.just(result(status, prompt, score)));
	}

	private static PromptLearningJobResult result(PromptLearningJobStatus status,
			@Nullable PromptLearningPrompt prompt, @Nullable Double score) {
		return new PromptLearningJobResult(status.jobId(), status.state(), score, prompt, status.error(),
				status.raw());
	}

	private Mono<List<PromptLearningJobEvent>> allEvents(String jobId) {
		return events(jobId, 0)
			.expand((page) -> page.isEmpty() ? Mono.empty()
					: events(jobId, page.nextSeq()).filter((next) -> next.nextSeq() > page.nextSeq()))
			.take(MAX_EVENT_PAGES)
			.collectList()
			.map((pages) -> {
				List<PromptLearningJobEvent> events = new ArrayList<>();
				pages.forEach((page) -> events.addAll(page.events()));
				return events;
			});
	}

	private static String jobPath(String jobId) {
		if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
			throw new IllegalArgumentException("Invalid prompt-learning job id '" + jobId
					+ "': expected letters, digits, '.', '_', ':' or '-', such as pl_9c58b711c2644083");
		}
		return JOBS + "/" + jobId;
	}

	private SecretRedactor redactor(@Nullable String taskAppApiKey, @Nullable String workerToken) {
		List<String> secrets = new ArrayList<>();
		secrets.add(this.apiKey);
		if (taskAppApiKey != null) {
			secrets.add(taskAppApiKey);
		}
		if (workerToken != null) {
			secrets.add(workerToken);
		}
		return new SecretRedactor(secrets);
	}

	@Override
	public String toString() {
		return "PromptLearningJobClient[apiBase=" + this.apiBase + ", apiKey=******, timeout=" + this.timeout
				+ ", pollInterval=" + this.pollInterval + ", completionTimeout=" + this.completionTimeout + "]";
	}

	/**
	 * Builds a {@link PromptLearningJobClient}.
	 */
	public static final class Builder {

		private final String apiBase;

		private @Nullable String apiKey;

		private Duration timeout = DEFAULT_TIMEOUT;

		private Duration pollInterval = DEFAULT_POLL_INTERVAL;

		private Duration completionTimeout = DEFAULT_COMPLETION_TIMEOUT;

		private @Nullable HttpClient httpClient;

		private Builder(String apiBase) {
			this.apiBase = apiBase;
		}

		/**
		 * Sets the Synth API key. Required.
		 * @param apiKey the key, such as the value of {@code SYNTH_API_KEY}
		 * @return this builder
		 * @throws IllegalArgumentException if it contains a comma, white space or a control
		 * character (the message never contains the key)
		 */
		public Builder apiKey(@Nullable String apiKey) {
			this.apiKey = AuthHeaders.validated(apiKey, "Synth API key");
			return this;
		}

		/**
		 * Sets the timeout of each request: the time to connect, send and read the whole
		 * answer. Default 30 s.
		 * @param timeout the timeout, positive
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = Durations.requirePositive(timeout, "timeout");
			return this;
		}

		/**
		 * Sets the time between two polls of {@link #awaitCompletion(String, Consumer)}.
		 * Default 5 s.
		 * @param pollInterval the interval, positive
		 * @return this builder
		 */
		public Builder pollInterval(Duration pollInterval) {
			this.pollInterval = Durations.requirePositive(pollInterval, "pollInterval");
			return this;
		}

		/**
		 * Sets the longest wait of {@link #awaitCompletion(String, Consumer)}. Default 1 h.
		 * @param completionTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder completionTimeout(Duration completionTimeout) {
			this.completionTimeout = Durations.requirePositive(completionTimeout, "completionTimeout");
			return this;
		}

		/**
		 * Sets the Reactor Netty client to send requests with. Its base URL, if any, is not
		 * used. Default {@link HttpClient#create()}.
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
		public PromptLearningJobClient build() {
			if (this.apiKey == null) {
				throw new IllegalStateException(
						"Synth API key is required. Set SYNTH_API_KEY in your environment or pass it explicitly.");
			}
			return new PromptLearningJobClient(this, this.apiKey);
		}

		@Override
		public String toString() {
			return "PromptLearningJobClient.Builder[apiBase=" + this.apiBase + ", apiKey="
					+ ((this.apiKey != null) ? "******" : "unset") + ", timeout=" + this.timeout + ", pollInterval="
					+ this.pollInterval + ", completionTimeout=" + this.completionTimeout + "]";
		}

	}

}
