package dev.taskapp.web;

import java.time.Duration;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads a Reactor Netty request body into memory under the same rules as
 * {@link RequestBodies}: refused with {@link RequestBodies.PayloadTooLargeException} when it
 * declares or reaches more than the limit, with {@link RequestBodies.BodyReadTimeoutException}
 * when it has not fully arrived in time.
 */
final class NettyRequestBodies {

	private static final byte[] EMPTY = new byte[0];

	private static final int INITIAL_CAPACITY = 4096;

	private NettyRequestBodies() {
	}

	static Mono<byte[]> read(HttpServerRequest request, long maxBytes, Duration timeout, Scheduler timers) {
		long declared = declaredLength(request);
		if (declared > maxBytes) {
			return Mono.error(new RequestBodies.PayloadTooLargeException(maxBytes));
		}
		int capacity = (declared >= 0) ? (int) declared : INITIAL_CAPACITY;
		Mono<byte[]> body = request.receive()
			.reduceWith(() -> new Accumulator(capacity, maxBytes), Accumulator::append)
			.map(Accumulator::toBytes)
			.defaultIfEmpty(EMPTY);
		return Deadlines.within(body, timeout, () -> new RequestBodies.BodyReadTimeoutException(timeout), timers);
	}

	private static long declaredLength(HttpServerRequest request) {
		String value = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
		if (value == null) {
			return -1;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * The bytes received so far. Buffers are copied as they arrive; Reactor Netty releases
	 * them afterwards.
	 */
	private static final class Accumulator {

		private final long maxBytes;

		private byte[] bytes;

		private int length;

		Accumulator(int capacity, long maxBytes) {
			this.bytes = new byte[Math.max(capacity, 1)];
			this.maxBytes = maxBytes;
		}

		Accumulator append(ByteBuf buffer) {
			int readable = buffer.readableBytes();
			if (this.length + (long) readable > this.maxBytes) {
				throw new RequestBodies.PayloadTooLargeException(this.maxBytes);
			}
			if (this.length + readable > this.bytes.length) {
				int grown = (int) Math.min(Math.max(this.bytes.length * 2L, this.length + (long) readable),
						Math.min(this.maxBytes, Integer.MAX_VALUE - 8));
				this.bytes = Arrays.copyOf(this.bytes, grown);
			}
			buffer.getBytes(buffer.readerIndex(), this.bytes, this.length, readable);
			this.length += readable;
			return this;
		}

		byte[] toBytes() {
			return (this.length == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.length);
		}

	}

}
