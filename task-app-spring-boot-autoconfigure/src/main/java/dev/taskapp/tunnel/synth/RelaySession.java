package dev.taskapp.tunnel.synth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One WebSocket connection of the agent to the relay. It sends {@code ATTACH} first, then
 * serves the relay's requests, at most {@code max_inflight} at once (the others wait their
 * turn), pings the relay every heartbeat interval and ends when the relay closes the
 * connection, the connection shows no sign of life for two intervals, or the relay rejects the
 * lease. All sends go through one serialised stream under the socket's back-pressure. A frame
 * that cannot be read is logged and skipped.
 */
final class RelaySession {

	private static final Log logger = LogFactory.getLog(RelaySession.class);

	/** Largest relay message, whole or aggregated from fragments. */
	static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

	private final SynthTunnelLease lease;

	private final AgentContext context;

	private final Events events;

	private final FrameDecoder decoder = new FrameDecoder();

	private final Map<String, RelayExchange> exchanges = new ConcurrentHashMap<>();

	private final Sinks.Many<RelayExchange> queue = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.One<String> ended = Sinks.one();

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicBoolean attached = new AtomicBoolean();

	private volatile long lastSeenNanos = System.nanoTime();

	RelaySession(SynthTunnelLease lease, AgentContext context, Events events) {
		this.lease = lease;
		this.context = context;
		this.events = events;
	}

	/**
	 * Returns whether the WebSocket handshake completed.
	 * @return whether the session started
	 */
	boolean started() {
		return this.started.get();
	}

	/**
	 * Returns whether the relay accepted the agent on this connection.
	 * @return whether attached
	 */
	boolean attached() {
		return this.attached.get();
	}

	/**
	 * Runs the session on an open WebSocket.
	 * @param inbound the relay's frames
	 * @param outbound where the agent's frames go
	 * @return completes when the session ends
	 */
	Mono<Void> run(WebsocketInbound inbound, WebsocketOutbound outbound) {
		this.started.set(true);
		this.lastSeenNanos = System.nanoTime();
		FrameEncoder encoder = this.context.encoder();
		Flux<WebSocketFrame> responses = this.queue.asFlux()
			.flatMap((exchange) -> exchange
				.frames(this.context.forwarder(), encoder, this.context.mask(), this.lease.maxResponseBytes(),
						this::roundTripped)
				.doFinally((signal) -> this.exchanges.remove(exchange.rid(), exchange)), this.lease.maxInflight(), 1);
		Duration interval = heartbeatInterval();
		Flux<WebSocketFrame> pings = Flux.interval(interval, interval).handle((tick, sink) -> {
			if (System.nanoTime() - this.lastSeenNanos > interval.multipliedBy(2).toNanos()) {
				end("no sign of life from the relay for " + interval.multipliedBy(2).toMillis() + "ms");
			}
			else {
				sink.next(new PingWebSocketFrame());
			}
		});
		Flux<WebSocketFrame> frames = Flux.concat(Mono.fromSupplier(() -> encoder.attach(this.context.agentId(),
				this.lease.leaseId(), this.context.localHost(), this.context.localPort(), this.lease.maxInflight())),
				Flux.merge(responses, pings));
		Mono<Void> send = outbound.sendObject(frames).then();
		Mono<Void> receive = inbound.aggregateFrames(MAX_FRAME_BYTES).receiveFrames().doOnNext(this::onFrame).then();
		Mono<Void> settle = Mono.delay(this.context.attachTimeout()).doOnNext((tick) -> settled()).then(Mono.never());
		Mono<Void> stopped = this.ended.asMono().flatMap((reason) -> Mono.error(new SessionEndedException(reason)));
		return Mono.firstWithSignal(receive, send, settle, stopped).doFinally((signal) -> closeExchanges());
	}

	private Duration heartbeatInterval() {
		Duration configured = this.context.heartbeatInterval();
		Duration recommended = this.lease.heartbeatInterval();
		return (recommended != null && recommended.compareTo(configured) < 0) ? recommended : configured;
	}

	private void onFrame(WebSocketFrame frame) {
		this.lastSeenNanos = System.nanoTime();
		if (frame instanceof TextWebSocketFrame) {
			InboundFrame decoded;
			try {
				decoded = this.decoder.decode(frame.content());
			}
			catch (MalformedFrameException ex) {
				logger.warn("Skipped a malformed SynthTunnel relay frame (" + ex.getMessage() + ")");
				return;
			}
			try {
				dispatch(decoded);
			}
			catch (RuntimeException ex) {
				logger.warn("Skipped a SynthTunnel relay frame that could not be handled ("
						+ ex.getClass().getSimpleName() + ")");
			}
		}
		else if (frame instanceof BinaryWebSocketFrame) {
			logger.warn("Skipped a binary SynthTunnel relay frame; the protocol uses text frames");
		}
	}

	private void dispatch(InboundFrame frame) {
		if (frame instanceof InboundFrame.RequestHeaders request) {
			start(request);
		}
		else if (frame instanceof InboundFrame.RequestBody body) {
			RelayExchange exchange = this.exchanges.get(body.rid());
			if (exchange != null) {
				exchange.appendBody(body.chunk());
			}
		}
		else if (frame instanceof InboundFrame.RequestEnd end) {
			RelayExchange exchange = this.exchanges.get(end.rid());
			if (exchange != null) {
				exchange.end();
			}
		}
		else if (frame instanceof InboundFrame.Cancel cancel) {
			RelayExchange exchange = this.exchanges.remove(cancel.rid());
			if (exchange != null) {
				logger.debug("SynthTunnel relay cancelled request " + cancel.rid());
				exchange.cancel();
			}
		}
		else if (frame instanceof InboundFrame.AttachAck ack) {
			if (ack.accepts(this.lease.leaseId())) {
				markAttached("ATTACH_ACK");
			}
			else {
				String reason = "the relay rejected lease " + this.lease.leaseId() + " in its ATTACH_ACK";
				this.events.refused(reason);
				end(reason);
			}
		}
		else if (frame instanceof InboundFrame.Unknown unknown) {
			logger.debug("Skipped a SynthTunnel relay frame of unknown type " + unknown.type());
		}
	}

	private void start(InboundFrame.RequestHeaders request) {
		Long deadlineMillis = request.deadlineMillis();
		Duration deadline = (deadlineMillis != null) ? Duration.ofMillis(deadlineMillis)
				: this.context.defaultRequestDeadline();
		String leaseId = (request.leaseId() != null) ? request.leaseId() : this.lease.leaseId();
		RelayExchange exchange = new RelayExchange(request, leaseId, deadline);
		if (this.exchanges.putIfAbsent(request.rid(), exchange) != null) {
			logger.warn("Skipped a repeated SynthTunnel REQ_HEADERS for request " + request.rid());
			return;
		}
		this.queue.tryEmitNext(exchange);
	}

	private void roundTripped() {
		markAttached("the first relayed request");
	}

	private void settled() {
		if (!this.attached.get()) {
			logger.warn("The SynthTunnel relay sent no ATTACH_ACK within " + this.context.attachTimeout().toMillis()
					+ "ms but kept the connection open; taking the agent as attached");
			markAttached("the settle period");
		}
	}

	private void markAttached(String how) {
		if (this.attached.compareAndSet(false, true)) {
			logger.debug("SynthTunnel agent attached lease " + this.lease.leaseId() + " (" + how + ")");
			this.events.attached();
		}
	}

	private void end(String reason) {
		this.ended.tryEmitValue(reason);
	}

	private void closeExchanges() {
		this.exchanges.values().forEach(RelayExchange::cancel);
		this.exchanges.clear();
		this.queue.tryEmitComplete();
	}

	/**
	 * What the session reports to its agent.
	 */
	interface Events {

		/**
		 * The relay accepted the agent on this connection.
		 */
		void attached();

		/**
		 * The relay rejected the lease.
		 * @param reason what happened, without secrets
		 */
		void refused(String reason);

	}

	/**
	 * The session ended on the agent's own decision.
	 */
	static final class SessionEndedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		SessionEndedException(String reason) {
			super(reason, null, false, false);
		}

	}

}
