package dev.taskapp.tunnel.synth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends relayed requests to the local server with Reactor Netty and turns each answer into
 * agent frames as it arrives: {@code RESP_HEADERS}, one {@code RESP_BODY} per piece of at most
 * 64 KiB, {@code RESP_END}. Neither body is held whole: the request body streams in from the
 * relay frames, the response body streams out under the WebSocket's back-pressure. A response
 * beyond the lease's {@code max_response_bytes} fails with {@link ResponseTooLargeException}.
 */
final class LocalForwarder {

	private final String baseUrl;

	private final ConnectionProvider connections;

	private final HttpClient httpClient;

	private final LocalRequestHeaders requestHeaders;

	private final FrameEncoder encoder;

	/**
	 * Creates a forwarder to one local server.
	 * @param localHost the local server's host
	 * @param localPort the local server's port
	 * @param apiKeys the task-app keys added to forwarded requests
	 * @param connectTimeout the longest wait for a local connection
	 * @param encoder the frame encoder
	 */
	LocalForwarder(String localHost, int localPort, List<String> apiKeys, Duration connectTimeout,
			FrameEncoder encoder) {
		String host = (localHost.indexOf(':') >= 0 && !localHost.startsWith("[")) ? "[" + localHost + "]"
				: localHost;
		this.baseUrl = "http://" + host + ":" + localPort;
		this.connections = ConnectionProvider.builder("synthtunnel-local")
			.maxConnections(1024)
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(Duration.ofSeconds(30))
			.build();
		this.httpClient = HttpClient.create(this.connections)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
			.followRedirect(false)
			.compress(false);
		this.requestHeaders = new LocalRequestHeaders(apiKeys);
		this.encoder = encoder;
	}

	/**
	 * Forwards one request.
	 * @param request the public request
	 * @param leaseId the lease it arrived on
	 * @param body the body, or {@code null} for none
	 * @param maxResponseBytes the largest response body forwarded
	 * @return the response frames, ending with {@code RESP_END}
	 */
	Flux<WebSocketFrame> forward(InboundFrame.RequestHeaders request, String leaseId, @Nullable Flux<ByteBuf> body,
			long maxResponseBytes) {
		String rid = request.rid();
		String uri = this.baseUrl + request.path() + (request.query().isEmpty() ? "" : "?" + request.query());
		return this.httpClient.request(HttpMethod.valueOf(request.method()))
			.uri(uri)
			.send((local, outbound) -> {
				this.requestHeaders.apply(local.requestHeaders(), request, leaseId, body != null);
				return (body != null) ? outbound.send(body) : outbound;
			})
			.response((response, content) -> {
				WebSocketFrame head = this.encoder.responseHeaders(leaseId, rid, response.status().code(),
						responseHeaders(response.responseHeaders()));
				AtomicLong total = new AtomicLong();
				Flux<WebSocketFrame> pieces = content
					.map((buffer) -> bodyFrames(leaseId, rid, buffer, total, maxResponseBytes))
					.concatMapIterable((frames) -> frames, 1);
				return Flux.concat(Mono.just(head), pieces,
						Mono.fromSupplier(() -> this.encoder.responseEnd(leaseId, rid)));
			});
	}

	/**
	 * Releases the local connection pool.
	 * @param timeout the longest wait
	 */
	void dispose(Duration timeout) {
		try {
			this.connections.disposeLater().toFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			// the pool closes on its own once its connections are gone
		}
	}

	private List<WebSocketFrame> bodyFrames(String leaseId, String rid, ByteBuf buffer, AtomicLong total,
			long maxResponseBytes) {
		int readable = buffer.readableBytes();
		if (total.addAndGet(readable) > maxResponseBytes) {
			throw new ResponseTooLargeException(maxResponseBytes);
		}
		List<WebSocketFrame> frames = new ArrayList<>(readable / FrameEncoder.MAX_BODY_CHUNK_BYTES + 1);
		int index = buffer.readerIndex();
		int end = index + readable;
		while (index < end) {
			int length = Math.min(FrameEncoder.MAX_BODY_CHUNK_BYTES, end - index);
			frames.add(this.encoder.responseBody(leaseId, rid, buffer.slice(index, length)));
			index += length;
		}
		return frames;
	}

	private static List<List<String>> responseHeaders(HttpHeaders headers) {
		List<List<String>> pairs = new ArrayList<>(headers.size());
		for (Map.Entry<String, String> header : headers) {
			if (!LocalRequestHeaders.HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
				pairs.add(List.of(header.getKey(), header.getValue()));
			}
		}
		return pairs;
	}

}
