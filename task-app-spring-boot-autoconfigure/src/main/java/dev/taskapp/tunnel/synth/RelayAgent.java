package dev.taskapp.tunnel.synth;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Holds the WebSocket of one lease to the relay: connects with the lease's agent token, runs a
 * {@link RelaySession} on it and, whenever the connection drops or cannot be made, connects
 * again after a capped exponential backoff, until stopped. {@link #ready()} completes the first
 * time the relay accepts the agent; a relay that refuses the lease (a 401, 403, 404 or 410
 * handshake, or a rejecting {@code ATTACH_ACK}) is reported to the {@link Listener}, and fails
 * {@link #ready()} if it happens before the first attach.
 */
final class RelayAgent {

	private static final Log logger = LogFactory.getLog(RelayAgent.class);

	private final SynthTunnelLease lease;

	private final AgentContext context;

	private final Listener listener;

	private final HttpClient webSocketClient;

	private final Backoff backoff;

	private final Sinks.Empty<Void> ready = Sinks.empty();

	private final AtomicInteger connections = new AtomicInteger();

	private volatile boolean everAttached;

	private volatile boolean stopped;

	private volatile String lastProblem = "no connection attempt yet";

	private volatile Disposable loop = Disposables.disposed();

	/**
	 * Creates an agent; {@link #start()} connects it.
	 * @param lease the lease served
	 * @param context what the agent's connections share
	 * @param reconnectInitialBackoff the first wait before reconnecting
	 * @param reconnectMaxBackoff the longest wait before reconnecting
	 * @param listener told when the relay refuses the lease
	 */
	RelayAgent(SynthTunnelLease lease, AgentContext context, Duration reconnectInitialBackoff,
			Duration reconnectMaxBackoff, Listener listener) {
		this.lease = lease;
		this.context = context;
		this.listener = listener;
		this.backoff = new Backoff(reconnectInitialBackoff, reconnectMaxBackoff);
		String bearer = "Bearer " + lease.agentToken();
		this.webSocketClient = HttpClient.newConnection()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
					(int) Math.min(Integer.MAX_VALUE, context.attachTimeout().toMillis()))
			.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, bearer));
	}

	SynthTunnelLease lease() {
		return this.lease;
	}

	/**
	 * Starts connecting; returns at once.
	 */
	void start() {
		if (this.stopped) {
			return;
		}
		this.loop = Mono.defer(this::connectOnce).repeat(() -> !this.stopped).subscribe();
	}

	/**
	 * Returns a signal that completes the first time the relay accepts the agent.
	 * @return the signal; fails with {@link RelayRefusedException} if the relay refuses the
	 * lease first, or with an {@link IllegalStateException} if the agent stops first
	 */
	Mono<Void> ready() {
		return this.ready.asMono();
	}

	/**
	 * Returns what last went wrong with the relay connection, for error messages.
	 * @return the last problem
	 */
	String lastProblem() {
		return this.lastProblem;
	}

	/**
	 * Returns how many connections to the relay were attempted.
	 * @return the count
	 */
	int connectionAttempts() {
		return this.connections.get();
	}

	/**
	 * Returns whether the relay accepted the agent at least once.
	 * @return whether it attached
	 */
	boolean hasAttached() {
		return this.everAttached;
	}

	/**
	 * Stops the agent: closes the connection (abandoning requests in flight) and stops
	 * reconnecting. Idempotent.
	 */
	void stop() {
		this.stopped = true;
		this.loop.dispose();
		this.ready.tryEmitError(new IllegalStateException("The SynthTunnel agent was stopped"));
	}

	private Mono<Void> connectOnce() {
		if (this.stopped) {
			return Mono.empty();
		}
		this.connections.incrementAndGet();
		RelaySession session = new RelaySession(this.lease, this.context, new SessionEvents());
		WebsocketClientSpec spec = WebsocketClientSpec.builder()
			.maxFramePayloadLength(RelaySession.MAX_FRAME_BYTES)
			.handlePing(false)
			.build();
		Mono<Void> connection = this.webSocketClient.websocket(spec)
			.uri(this.lease.agentUrl())
			.handle(session::run)
			.then();
		Mono<Void> handshakeGuard = Mono.delay(this.context.attachTimeout())
			.flatMap((tick) -> session.started() ? Mono.never()
					: Mono.error(new TimeoutException("no WebSocket handshake within "
							+ this.context.attachTimeout().toMillis() + "ms")));
		return Mono.firstWithSignal(connection, handshakeGuard)
			.doOnSuccess((done) -> this.lastProblem = "the relay closed the connection")
			.onErrorResume((ex) -> {
				failed(ex);
				return Mono.empty();
			})
			.then(Mono.defer(() -> reconnectDelay(session)));
	}

	private void failed(Throwable ex) {
		if (ex instanceof WebSocketClientHandshakeException handshake && handshake.response() != null) {
			int status = handshake.response().status().code();
			this.lastProblem = "the relay refused the WebSocket handshake with HTTP " + status;
			if (status == 401 || status == 403 || status == 404 || status == 410) {
				refused(this.lastProblem);
			}
		}
		else {
			this.lastProblem = describe(ex);
		}
	}

	private Mono<Void> reconnectDelay(RelaySession session) {
		if (this.stopped) {
			return Mono.empty();
		}
		Duration delay;
		synchronized (this.backoff) {
			if (session.attached()) {
				this.backoff.reset();
			}
			delay = this.backoff.next();
		}
		logger.warn("SynthTunnel relay connection for lease " + this.lease.leaseId() + " at "
				+ this.lease.agentUrlForLogs() + " ended (" + this.lastProblem + "); reconnecting in "
				+ delay.toMillis() + "ms");
		return Mono.delay(delay).then();
	}

	private void refused(String reason) {
		this.ready.tryEmitError(new RelayRefusedException(reason));
		if (!this.stopped) {
			this.listener.leaseRefused(this, reason);
		}
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		if (ex instanceof RelaySession.SessionEndedException && message != null) {
			return message;
		}
		return ex.getClass().getSimpleName() + ((message != null && !message.isBlank()) ? ": " + message : "");
	}

	private final class SessionEvents implements RelaySession.Events {

		@Override
		public void attached() {
			RelayAgent.this.everAttached = true;
			RelayAgent.this.ready.tryEmitEmpty();
		}

		@Override
		public void refused(String reason) {
			RelayAgent.this.lastProblem = reason;
			RelayAgent.this.refused(reason);
		}

	}

	/**
	 * Told when the relay refuses an agent's lease.
	 */
	interface Listener {

		/**
		 * The relay refused the lease; the agent keeps trying to reconnect.
		 * @param agent the agent
		 * @param reason what happened, without secrets
		 */
		void leaseRefused(RelayAgent agent, String reason);

	}

	/**
	 * The relay refused the lease before the agent ever attached.
	 */
	static final class RelayRefusedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		RelayRefusedException(String reason) {
			super(reason, null, false, false);
		}

	}

}
