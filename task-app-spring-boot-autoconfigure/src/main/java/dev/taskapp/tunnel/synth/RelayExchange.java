package dev.taskapp.tunnel.synth;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One relayed request, from {@code REQ_HEADERS} to the last frame sent back. The body frames
 * feed a stream the local request reads as they come; the local request starts with the first
 * body piece, or at {@code REQ_END} for a request without one. The request's deadline counts
 * from its {@code REQ_HEADERS}; when it passes, or the relay sends {@code CANCEL}, the local
 * request is abandoned (which closes its connection, so the local server sees the cancellation).
 * Failures become {@code RESP_ERROR}: {@code LOCAL_CONNECT_FAILED} before the local server
 * answered, {@code LOCAL_BAD_RESPONSE} after it or for a response over the size limit,
 * {@code LOCAL_TIMEOUT} past the deadline.
 */
final class RelayExchange {

	private static final Log logger = LogFactory.getLog(RelayExchange.class);

	private final InboundFrame.RequestHeaders request;

	private final String leaseId;

	private final long deadlineNanos;

	private final Sinks.Many<ByteBuf> body = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.One<Boolean> bodyKnown = Sinks.one();

	private final Sinks.One<Outcome> stop = Sinks.one();

	private final AtomicReference<Outcome> outcome = new AtomicReference<>();

	private boolean bodyStarted;

	private volatile boolean answered;

	/**
	 * Creates an exchange.
	 * @param request the request's {@code REQ_HEADERS}
	 * @param leaseId the lease it arrived on
	 * @param deadline how long it may take
	 */
	RelayExchange(InboundFrame.RequestHeaders request, String leaseId, Duration deadline) {
		this.request = request;
		this.leaseId = leaseId;
		this.deadlineNanos = System.nanoTime() + deadline.toNanos();
	}

	String rid() {
		return this.request.rid();
	}

	/**
	 * Adds a piece of the body. Called from the relay connection's thread only.
	 * @param chunk the bytes
	 */
	void appendBody(byte[] chunk) {
		if (chunk.length == 0) {
			return;
		}
		if (!this.bodyStarted) {
			this.bodyStarted = true;
			this.bodyKnown.tryEmitValue(true);
		}
		this.body.tryEmitNext(Unpooled.wrappedBuffer(chunk));
	}

	/**
	 * Marks the body complete. Called from the relay connection's thread only.
	 */
	void end() {
		if (this.bodyStarted) {
			this.body.tryEmitComplete();
		}
		else {
			this.bodyStarted = true;
			this.bodyKnown.tryEmitValue(false);
		}
	}

	/**
	 * Abandons the request because the relay cancelled it.
	 */
	void cancel() {
		if (this.outcome.compareAndSet(null, Outcome.CANCELLED)) {
			this.stop.tryEmitValue(Outcome.CANCELLED);
		}
	}

	/**
	 * Returns the frames to send back, forwarding the request when subscribed.
	 * @param forwarder sends the request to the local server
	 * @param encoder writes error frames
	 * @param mask removes secrets from error messages
	 * @param maxResponseBytes the largest response body forwarded
	 * @param onRoundTrip called once the response was forwarded completely
	 * @return the frames
	 */
	Flux<WebSocketFrame> frames(LocalForwarder forwarder, FrameEncoder encoder, SecretMask mask,
			long maxResponseBytes, Runnable onRoundTrip) {
		return Flux.defer(() -> {
			long remaining = this.deadlineNanos - System.nanoTime();
			if (remaining <= 0 || this.outcome.get() != null) {
				return this.outcome.compareAndSet(null, Outcome.DEADLINE) ? Flux.just(timeout(encoder))
						: Flux.empty();
			}
			Disposable timer = Schedulers.parallel().schedule(this::deadlinePassed, remaining, TimeUnit.NANOSECONDS);
			Flux<WebSocketFrame> forwarded = this.bodyKnown.asMono()
				.flatMapMany((hasBody) -> forwarder.forward(this.request, this.leaseId,
						hasBody ? this.body.asFlux() : null, maxResponseBytes))
				.doOnNext((frame) -> this.answered = true)
				.doOnComplete(() -> {
					if (this.outcome.compareAndSet(null, Outcome.DONE)) {
						onRoundTrip.run();
					}
				})
				.onErrorResume((ex) -> failed(ex, encoder, mask));
			return forwarded.takeUntilOther(this.stop.asMono())
				.concatWith(Mono.fromSupplier(() -> timeout(encoder))
					.filter((frame) -> this.outcome.get() == Outcome.DEADLINE))
				.doFinally((signal) -> timer.dispose());
		});
	}

	private void deadlinePassed() {
		if (this.outcome.compareAndSet(null, Outcome.DEADLINE)) {
			this.stop.tryEmitValue(Outcome.DEADLINE);
		}
	}

	private WebSocketFrame timeout(FrameEncoder encoder) {
		logger.debug("SynthTunnel request " + rid() + " passed its deadline");
		return encoder.responseError(this.leaseId, rid(), "LOCAL_TIMEOUT", "Local request passed its deadline");
	}

	private Mono<WebSocketFrame> failed(Throwable ex, FrameEncoder encoder, SecretMask mask) {
		if (!this.outcome.compareAndSet(null, Outcome.FAILED)) {
			return Mono.empty();
		}
		String code;
		String message;
		if (ex instanceof ResponseTooLargeException) {
			code = "LOCAL_BAD_RESPONSE";
			message = "Response too large";
		}
		else {
			code = this.answered ? "LOCAL_BAD_RESPONSE" : "LOCAL_CONNECT_FAILED";
			message = mask.mask(describe(ex));
		}
		if (this.answered) {
			logger.debug("SynthTunnel request " + rid() + " failed: " + code + " " + message);
		}
		else {
			logger.warn("SynthTunnel could not forward request " + rid() + " to the local server: " + message);
		}
		return Mono.just(encoder.responseError(this.leaseId, rid(), code, message));
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null && !message.isBlank()) ? message : ex.getClass().getSimpleName();
	}

	private enum Outcome {

		DONE, FAILED, CANCELLED, DEADLINE

	}

}
