package dev.taskapp.tunnel.synth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.taskapp.support.TaskAppJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The local "task app" behind the agent: a small Reactor Netty server with routes that echo,
 * stream, stall and count.
 */
final class LocalApp implements AutoCloseable {

	private final DisposableServer server;

	private final AtomicInteger inflight = new AtomicInteger();

	private final AtomicInteger maxInflight = new AtomicInteger();

	private final AtomicInteger slowStarted = new AtomicInteger();

	private final AtomicInteger slowCancelled = new AtomicInteger();

	private final AtomicLong uploadBytesSeen = new AtomicLong();

	private final AtomicInteger requests = new AtomicInteger();

	private volatile Sinks.Empty<Void> streamGate = Sinks.empty();

	LocalApp() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).route((routes) -> routes
			.get("/health", (request, response) -> {
				this.requests.incrementAndGet();
				return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.sendString(Mono.just("{\"healthy\":true}"));
			})
			.get("/headers", (request, response) -> {
				List<List<String>> headers = new ArrayList<>();
				request.requestHeaders().forEach((header) -> headers.add(List.of(header.getKey(), header.getValue())));
				String query = new QueryStringDecoder(request.uri()).rawQuery();
				byte[] json = TaskAppJson.mapper()
					.writeValueAsBytes(Map.of("headers", headers, "query", query, "method", request.method().name()));
				return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.sendByteArray(Mono.just(json));
			})
			.post("/echo", (request, response) -> response
				.header(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
				.send(request.receive().retain()))
			.post("/upload", (request, response) -> response.sendString(request.receive()
				.doOnNext((buffer) -> this.uploadBytesSeen.addAndGet(buffer.readableBytes()))
				.map(ByteBuf::readableBytes)
				.reduce(0L, (total, size) -> total + size)
				.map(String::valueOf)))
			.get("/bytes", (request, response) -> {
				int size = Integer.parseInt(new QueryStringDecoder(request.uri()).parameters().get("size").get(0));
				return response.header(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
					.send(pattern(size));
			})
			.get("/stream", (request, response) -> response
				.send(Flux.concat(Mono.fromSupplier(() -> Unpooled.wrappedBuffer("first".getBytes(StandardCharsets.UTF_8))),
						this.streamGate.asMono().then(Mono.fromSupplier(
								() -> Unpooled.wrappedBuffer("-rest".getBytes(StandardCharsets.UTF_8))))),
						(buffer) -> true))
			.get("/slow", (request, response) -> {
				this.slowStarted.incrementAndGet();
				return response.sendString(Mono.<String>never().doOnCancel(this.slowCancelled::incrementAndGet));
			})
			.get("/concurrent", (request, response) -> response.sendString(Mono.fromRunnable(() -> {
				int now = this.inflight.incrementAndGet();
				this.maxInflight.accumulateAndGet(now, Math::max);
			}).then(Mono.delay(Duration.ofMillis(5))).then(Mono.fromSupplier(() -> {
				this.inflight.decrementAndGet();
				return "ok";
			}))))).bindNow();
	}

	static Flux<ByteBuf> pattern(int size) {
		int chunk = 100_000;
		return Flux.range(0, (size + chunk - 1) / chunk).map((index) -> {
			int length = Math.min(chunk, size - index * chunk);
			byte[] bytes = new byte[length];
			for (int i = 0; i < length; i++) {
				bytes[i] = (byte) ((index * chunk + i) % 251);
			}
			return Unpooled.wrappedBuffer(bytes);
		});
	}

	static byte[] patternBytes(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i % 251);
		}
		return bytes;
	}

	int port() {
		return this.server.port();
	}

	int maxInflight() {
		return this.maxInflight.get();
	}

	int slowStarted() {
		return this.slowStarted.get();
	}

	int slowCancelled() {
		return this.slowCancelled.get();
	}

	long uploadBytesSeen() {
		return this.uploadBytesSeen.get();
	}

	int healthRequests() {
		return this.requests.get();
	}

	void openStreamGate() {
		this.streamGate.tryEmitEmpty();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
