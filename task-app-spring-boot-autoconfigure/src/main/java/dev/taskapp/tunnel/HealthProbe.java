package dev.taskapp.tunnel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Polls a task app's {@code /health} until it answers 200 or a deadline passes, waiting
 * longer after each failed attempt up to a cap.
 */
final class HealthProbe {

	private final HttpClient http;

	private final Duration requestTimeout;

	private final Duration initialDelay;

	private final Duration maxDelay;

	HealthProbe(Duration requestTimeout, Duration initialDelay, Duration maxDelay) {
		this.http = HttpClient.newBuilder()
			.connectTimeout(requestTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.requestTimeout = requestTimeout;
		this.initialDelay = initialDelay;
		this.maxDelay = maxDelay;
	}

	/**
	 * Polls until {@code /health} answers 200.
	 * @param baseUrl the task app's base URL
	 * @param headers the headers to send (API key, worker token, …)
	 * @param deadline when to give up
	 * @return {@code null} when healthy, else what the last attempt saw
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable String awaitHealthy(String baseUrl, Map<String, String> headers, Instant deadline)
			throws InterruptedException {
		URI uri = URI.create(baseUrl + "/health");
		Duration delay = this.initialDelay;
		String lastOutcome = "no attempt was made before the deadline";
		while (Instant.now().isBefore(deadline)) {
			lastOutcome = attempt(uri, headers);
			if (lastOutcome == null) {
				return null;
			}
			Duration left = Duration.between(Instant.now(), deadline);
			if (left.isNegative() || left.isZero()) {
				break;
			}
			Thread.sleep(Math.min(delay.toMillis(), left.toMillis()));
			delay = delay.multipliedBy(2).compareTo(this.maxDelay) > 0 ? this.maxDelay : delay.multipliedBy(2);
		}
		return lastOutcome;
	}

	private @Nullable String attempt(URI uri, Map<String, String> headers) throws InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(this.requestTimeout).GET();
		headers.forEach(request::header);
		try {
			int status = this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
			return (status == 200) ? null : "/health answered " + status;
		}
		catch (IOException ex) {
			return "/health could not be reached (" + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? ": " + ex.getMessage() : "") + ")";
		}
	}

}
