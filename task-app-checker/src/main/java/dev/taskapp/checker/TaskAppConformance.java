package dev.taskapp.checker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import dev.taskapp.client.TaskAppClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;

/**
 * Checks that the task app or container at a URL answers as its contract says. The same checks
 * run from the command line ({@link TaskAppCheck}) and from a JUnit 5 test:
 * <pre class="code">
 * &#64;TestFactory
 * Stream&lt;DynamicTest&gt; conformsToTheTaskAppContract() {
 *     return TaskAppConformance.of("http://127.0.0.1:" + port).apiKey(key).dynamicTests();
 * }
 * </pre>
 * or {@code TaskAppConformance.of(url).apiKey(key).assertConforms()} in a plain test.
 * <p>
 * The rollout check needs the app to reach a stub model the checker starts on a loopback port,
 * so the app must run on the same machine. Not thread-safe; each {@link #check()} runs the
 * checks anew.
 */
public final class TaskAppConformance {

	/** Default timeout of one rollout, and of polling an async one. */
	public static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofSeconds(60);

	private final String url;

	private @Nullable String apiKey;

	private Contract contract = Contract.TASK_APP;

	private Duration timeout = Duration.ofSeconds(10);

	private Duration rolloutTimeout = DEFAULT_ROLLOUT_TIMEOUT;

	private TaskAppConformance(String url) {
		this.url = url;
	}

	/**
	 * Starts the checks of the app at a URL.
	 * @param url the base URL of the app, {@code http} or {@code https}, with its base path if any
	 * @return the checks
	 * @throws IllegalArgumentException if the URL is not a valid task app URL
	 */
	public static TaskAppConformance of(String url) {
		TaskAppClient.builder(url);
		return new TaskAppConformance(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
	}

	/**
	 * Sets the API key the app accepts; without one, the app is assumed to need none and the
	 * refusal checks are skipped.
	 * @param apiKey the key, or {@code null}
	 * @return this
	 */
	public TaskAppConformance apiKey(@Nullable String apiKey) {
		this.apiKey = (apiKey != null && !apiKey.isBlank()) ? apiKey : null;
		return this;
	}

	/**
	 * Sets the contract the app is held to; {@link Contract#TASK_APP} by default.
	 * @param contract the contract
	 * @return this
	 */
	public TaskAppConformance contract(Contract contract) {
		this.contract = Objects.requireNonNull(contract, "contract must not be null");
		return this;
	}

	/**
	 * Sets the timeout of each request but rollouts; 10 s by default.
	 * @param timeout the timeout
	 * @return this
	 */
	public TaskAppConformance timeout(Duration timeout) {
		this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
		return this;
	}

	/**
	 * Sets the timeout of a rollout, and of polling an async one; 60 s by default.
	 * @param rolloutTimeout the timeout
	 * @return this
	 */
	public TaskAppConformance rolloutTimeout(Duration rolloutTimeout) {
		this.rolloutTimeout = Objects.requireNonNull(rolloutTimeout, "rolloutTimeout must not be null");
		return this;
	}

	/**
	 * Runs the checks.
	 * @return the report; never an exception for an app that does not conform or answer
	 */
	public CheckReport check() {
		CheckRecorder recorder = new CheckRecorder((this.apiKey != null) ? List.of(this.apiKey) : List.of());
		try (StubLlm llm = new StubLlm()) {
			if (this.contract == Contract.CONTAINER) {
				new ContainerContractChecks(new RawHttp(this.url, this.rolloutTimeout), this.apiKey, llm, recorder,
						this.rolloutTimeout)
					.run();
			}
			else {
				TaskAppClient client = TaskAppClient.builder(this.url)
					.apiKey(this.apiKey)
					.timeout(this.timeout)
					.rolloutTimeout(this.rolloutTimeout)
					.maxRetries(2)
					.build();
				new TaskAppContractChecks(client, new RawHttp(this.url, this.rolloutTimeout), this.apiKey, llm,
						recorder)
					.run();
			}
		}
		return new CheckReport(this.url, this.contract, recorder.results());
	}

	/**
	 * Runs the checks and fails when one fails.
	 * @return the report, when every check passed or was skipped
	 * @throws AssertionError with the table of results when a check failed
	 */
	public CheckReport assertConforms() {
		CheckReport report = check();
		if (!report.passed()) {
			throw new AssertionError(report.summary() + System.lineSeparator() + report.table());
		}
		return report;
	}

	/**
	 * Runs the checks and returns one dynamic test per check, for a JUnit 5
	 * {@code @TestFactory}; a skipped check is a passing test whose name says so.
	 * @return the tests
	 */
	public Stream<DynamicTest> dynamicTests() {
		List<DynamicTest> tests = new ArrayList<>();
		for (CheckResult result : check().results()) {
			String name = result.route() + ": " + result.check()
					+ ((result.outcome() == CheckResult.Outcome.SKIP) ? " (skipped)" : "");
			tests.add(DynamicTest.dynamicTest(name, () -> {
				if (result.failed()) {
					throw new AssertionError(result.route() + " " + result.check() + ": " + result.detail());
				}
			}));
		}
		return tests.stream();
	}

}
