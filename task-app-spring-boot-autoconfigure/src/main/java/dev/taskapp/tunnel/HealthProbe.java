package dev.taskapp.tunnel;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Polls a task app's {@code /health} until it answers 200 or a deadline passes, waiting
 * longer after each failed attempt up to a cap. Uses Reactor Netty, which the server has
 * already loaded, on its shared event loops, one connection per attempt.
 */
final class HealthProbe {

	private final HttpClient http;

	private final Duration requestTimeout;

	private final Duration initialDelay;

	private final Duration maxDelay;

	HealthProbe(Duration requestTimeout, Duration initialDelay, Duration maxDelay) {
		this.http = HttpClient.newConnection()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(requestTimeout.toMillis(), Integer.MAX_VALUE))
			.responseTimeout(requestTimeout)
			.followRedirect(false);
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
		String uri = baseUrl + "/health";
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

	private @Nullable String attempt(String uri, Map<String, String> headers) throws InterruptedException {
		try {
			Integer status = this.http.headers((outgoing) -> headers.forEach(outgoing::set))
				.get()
				.uri(uri)
				.responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
				.block(this.requestTimeout.plusSeconds(1));
			return (status != null && status == 200) ? null : "/health answered " + status;
		}
		catch (RuntimeException ex) {
			Throwable cause = Exceptions.unwrap(ex);
			if (cause instanceof InterruptedException interrupted) {
				throw interrupted;
			}
			return "/health could not be reached (" + cause.getClass().getSimpleName()
					+ ((cause.getMessage() != null) ? ": " + cause.getMessage() : "") + ")";
		}
	}

}
