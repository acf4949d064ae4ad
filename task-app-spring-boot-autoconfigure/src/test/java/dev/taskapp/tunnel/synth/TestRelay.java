package dev.taskapp.tunnel.synth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.taskapp.support.TaskAppJson;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;

/**
 * The relay side of the SynthTunnel agent protocol, written from the protocol (not from the
 * agent's code): accepts an agent on {@code /agent} when it brings the expected bearer token,
 * answers its {@code ATTACH}, and forwards test requests to it as {@code REQ_*} frames.
 */
final class TestRelay implements AutoCloseable {

	private static final int CHUNK = 65_536;

	/** Public requests under this prefix are relayed to the agent, the prefix removed. */
	static final String PUBLIC_PREFIX = "/s/rt_test";

	private final java.util.Set<String> agentTokens;

	private final DisposableServer server;

	private final Map<String, RelayCall> calls = new ConcurrentHashMap<>();

	private final List<JsonNode> attaches = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger refusedHandshakes = new AtomicInteger();

	private final AtomicInteger pings = new AtomicInteger();

	private final AtomicLong rids = new AtomicLong();

	private volatile @Nullable AgentConnection agent;

	private volatile boolean sendAttachAck = true;

	private volatile boolean rejectLeases;

	private final java.util.Set<String> rejectedLeases = ConcurrentHashMap.newKeySet();

	private volatile boolean answerPings = true;

	TestRelay(String... agentTokens) {
		this.agentTokens = java.util.Set.of(agentTokens);
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/agent", (request, response) -> {
				String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
				if (authorization == null || !authorization.startsWith("Bearer ")
						|| !this.agentTokens.contains(authorization.substring("Bearer ".length()))) {
					this.refusedHandshakes.incrementAndGet();
					return response.status(HttpResponseStatus.UNAUTHORIZED).send();
				}
				return response.sendWebsocket(this::serve,
						WebsocketServerSpec.builder().maxFramePayloadLength(16 * 1024 * 1024).handlePing(true).build());
			}).route((request) -> request.uri().startsWith(PUBLIC_PREFIX), this::servePublic))
			.bindNow();
	}

	String publicUrl() {
		return "http://127.0.0.1:" + this.server.port() + PUBLIC_PREFIX;
	}

	String agentUrl() {
		return "ws://127.0.0.1:" + this.server.port() + "/agent";
	}

	int connections() {
		return this.connections.get();
	}

	int refusedHandshakes() {
		return this.refusedHandshakes.get();
	}

	int pings() {
		return this.pings.get();
	}

	List<JsonNode> attaches() {
		return this.attaches;
	}

	boolean hasAttachedAgent() {
		AgentConnection current = this.agent;
		return current != null && current.attached && !current.closed;
	}

	void sendAttachAck(boolean send) {
		this.sendAttachAck = send;
	}

	void answerPings(boolean answer) {
		this.answerPings = answer;
	}

	void rejectLeases(boolean reject) {
		this.rejectLeases = reject;
	}

	void rejectLease(String leaseId) {
		this.rejectedLeases.add(leaseId);
	}

	/**
	 * Starts a request: sends its {@code REQ_HEADERS}.
	 */
	RelayCall open(String method, String path, String query, List<List<String>> headers, @Nullable Long deadlineMs) {
		AgentConnection connection = requireAgent();
		String rid = "rid-" + this.rids.incrementAndGet();
		RelayCall call = new RelayCall(rid, connection);
		this.calls.put(rid, call);
		Map<String, Object> frame = new java.util.LinkedHashMap<>();
		frame.put("type", "REQ_HEADERS");
		frame.put("lease_id", connection.leaseId);
		frame.put("rid", rid);
		frame.put("method", method);
		frame.put("path", path);
		frame.put("query", query);
		frame.put("headers", headers);
		if (deadlineMs != null) {
			frame.put("deadline_ms", deadlineMs);
		}
		connection.send(frame);
		return call;
	}

	/**
	 * Sends a whole request and returns its response.
	 */
	Mono<RelayResponse> forward(String method, String path, List<List<String>> headers, byte @Nullable [] body) {
		RelayCall call = open(method, path, "", headers, 30_000L);
		if (body != null) {
			call.sendBody(body);
		}
		call.end();
		return call.response();
	}

	Mono<RelayResponse> get(String path) {
		return forward("GET", path, List.of(), null);
	}

	void sendRaw(String text) {
		requireAgent().sendFrame(new TextWebSocketFrame(text));
	}

	void sendBinary(byte[] bytes) {
		requireAgent().sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
	}

	/**
	 * Closes the agent's TCP connection without a WebSocket close frame.
	 */
	void dropConnection() {
		AgentConnection current = requireAgent();
		Connection connection = current.connection;
		if (connection != null) {
			connection.channel().close();
		}
	}

	private AgentConnection requireAgent() {
		AgentConnection current = this.agent;
		if (current == null || current.closed) {
			throw new IllegalStateException("No agent connected");
		}
		return current;
	}

	private Publisher<Void> servePublic(HttpServerRequest request, HttpServerResponse response) {
		String target = request.uri().substring(PUBLIC_PREFIX.length());
		int question = target.indexOf('?');
		String path = (question >= 0) ? target.substring(0, question) : target;
		String query = (question >= 0) ? target.substring(question + 1) : "";
		List<List<String>> headers = new ArrayList<>();
		request.requestHeaders().forEach((header) -> headers.add(List.of(header.getKey(), header.getValue())));
		return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap((body) -> {
			RelayCall call = open(request.method().name(), path.isEmpty() ? "/" : path, query, headers, 30_000L);
			if (body.length > 0) {
				call.sendBody(body);
			}
			call.end();
			return call.response();
		}).flatMap((answer) -> {
			if (answer.errorCode() != null) {
				return response.status(HttpResponseStatus.BAD_GATEWAY).sendString(Mono.just(answer.errorCode())).then();
			}
			response.status(answer.status());
			answer.headers().forEach((pair) -> response.addHeader(pair.get(0), pair.get(1)));
			return response.sendByteArray(Mono.just(answer.body())).then();
		});
	}

	private Mono<Void> serve(WebsocketInbound inbound, WebsocketOutbound outbound) {
		this.connections.incrementAndGet();
		AgentConnection connection = new AgentConnection();
		inbound.withConnection((c) -> connection.connection = c);
		Mono<Void> send = outbound.sendObject(connection.outgoing.asFlux()).then();
		Mono<Void> receive = inbound.aggregateFrames(16 * 1024 * 1024)
			.receiveFrames()
			.doOnNext((frame) -> onFrame(connection, frame))
			.then();
		return Mono.firstWithSignal(send, receive).doFinally((signal) -> {
			connection.closed = true;
			this.calls.values().removeIf((call) -> {
				if (call.connection == connection) {
					call.fail("connection closed");
					return true;
				}
				return false;
			});
		});
	}

	private void onFrame(AgentConnection connection, WebSocketFrame frame) {
		if (frame instanceof PingWebSocketFrame) {
			this.pings.incrementAndGet();
			if (this.answerPings) {
				connection.sendFrame(new PongWebSocketFrame(frame.content().retain()));
			}
			return;
		}
		if (!(frame instanceof TextWebSocketFrame)) {
			return;
		}
		JsonNode json = TaskAppJson.mapper().readTree(new ByteBufInputStream(frame.content().duplicate()));
		String type = json.path("type").asString("");
		if (type.equals("ATTACH")) {
			this.attaches.add(json);
			String leaseId = json.path("leases").path(0).path("lease_id").asString("");
			connection.leaseId = leaseId;
			this.agent = connection;
			connection.attached = true;
			boolean reject = this.rejectLeases || this.rejectedLeases.contains(leaseId);
			if (this.sendAttachAck) {
				Map<String, Object> ack = new java.util.LinkedHashMap<>();
				ack.put("type", "ATTACH_ACK");
				ack.put("agent_id", json.path("agent_id").asString(""));
				ack.put("accepted_leases", reject ? List.of() : List.of(leaseId));
				ack.put("rejected_leases", reject ? List.of(leaseId) : List.of());
				connection.send(ack);
			}
			return;
		}
		RelayCall call = this.calls.get(json.path("rid").asString(""));
		if (call == null) {
			return;
		}
		switch (type) {
			case "RESP_HEADERS" -> call.headers(json);
			case "RESP_BODY" -> call.body(Base64.getDecoder().decode(json.path("chunk_b64").asString("")),
					json.path("chunk_b64").asString("").length());
			case "RESP_END" -> {
				this.calls.remove(call.rid);
				call.completed();
			}
			case "RESP_ERROR" -> {
				this.calls.remove(call.rid);
				call.error(json.path("code").asString(""), json.path("message").asString(""));
			}
			default -> {
			}
		}
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	private static final class AgentConnection {

		private final Sinks.Many<WebSocketFrame> outgoing = Sinks.many().unicast().onBackpressureBuffer();

		private volatile @Nullable Connection connection;

		private volatile String leaseId = "";

		private volatile boolean attached;

		private volatile boolean closed;

		void send(Map<String, Object> frame) {
			sendFrame(new TextWebSocketFrame(Unpooled.wrappedBuffer(TaskAppJson.mapper().writeValueAsBytes(frame))));
		}

		synchronized void sendFrame(WebSocketFrame frame) {
			this.outgoing.tryEmitNext(frame);
		}

	}

	/**
	 * One request sent to the agent.
	 */
	final class RelayCall {

		private final String rid;

		private final AgentConnection connection;

		private final Sinks.One<RelayResponse> response = Sinks.one();

		private final Sinks.Empty<Void> firstBody = Sinks.empty();

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private final List<List<String>> headers = new ArrayList<>();

		private volatile int status;

		private volatile int largestChunkB64;

		private volatile int bodyFrames;

		RelayCall(String rid, AgentConnection connection) {
			this.rid = rid;
			this.connection = connection;
		}

		String rid() {
			return this.rid;
		}

		void sendBody(byte[] bytes) {
			for (int offset = 0; offset < bytes.length; offset += CHUNK) {
				int length = Math.min(CHUNK, bytes.length - offset);
				byte[] piece = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
				this.connection.send(Map.of("type", "REQ_BODY", "rid", this.rid, "chunk_b64",
						Base64.getEncoder().encodeToString(piece)));
			}
		}

		void end() {
			this.connection.send(Map.of("type", "REQ_END", "rid", this.rid));
		}

		void cancel() {
			TestRelay.this.calls.remove(this.rid);
			this.connection.send(Map.of("type", "CANCEL", "rid", this.rid));
			this.response.tryEmitValue(new RelayResponse(0, List.of(), new byte[0], "CANCELLED", "", 0, 0));
		}

		Mono<RelayResponse> response() {
			return this.response.asMono();
		}

		Mono<Void> firstBodyFrame() {
			return this.firstBody.asMono();
		}

		private synchronized void headers(JsonNode json) {
			this.status = json.path("status").asInt();
			for (JsonNode pair : json.path("headers").values()) {
				this.headers.add(List.of(pair.path(0).asString(""), pair.path(1).asString("")));
			}
		}

		private synchronized void body(byte[] chunk, int b64Length) {
			this.body.write(chunk, 0, chunk.length);
			this.largestChunkB64 = Math.max(this.largestChunkB64, b64Length);
			this.bodyFrames++;
			this.firstBody.tryEmitEmpty();
		}

		private synchronized void completed() {
			this.response.tryEmitValue(new RelayResponse(this.status, List.copyOf(this.headers),
					this.body.toByteArray(), null, null, this.bodyFrames, this.largestChunkB64));
		}

		private synchronized void error(String code, String message) {
			this.response.tryEmitValue(new RelayResponse(this.status, List.copyOf(this.headers),
					this.body.toByteArray(), code, message, this.bodyFrames, this.largestChunkB64));
		}

		private void fail(String reason) {
			this.response.tryEmitError(new IllegalStateException(reason));
		}

	}

	/**
	 * What came back for one request.
	 *
	 * @param status the HTTP status
	 * @param headers the response headers
	 * @param body the response body
	 * @param errorCode the {@code RESP_ERROR} code, if any
	 * @param errorMessage the {@code RESP_ERROR} message, if any
	 * @param bodyFrames how many {@code RESP_BODY} frames arrived
	 * @param largestChunkB64 the longest {@code chunk_b64} seen
	 */
	record RelayResponse(int status, List<List<String>> headers, byte[] body, @Nullable String errorCode,
			@Nullable String errorMessage, int bodyFrames, int largestChunkB64) {

		@Nullable String header(String name) {
			return this.headers.stream()
				.filter((pair) -> pair.get(0).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
				.map((pair) -> pair.get(1))
				.findFirst()
				.orElse(null);
		}

		String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
