package dev.taskapp.web;

import java.time.Duration;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads a request body into memory, refusing one over the size limit before and while it
 * arrives.
 */
final class RequestBodies {

	private static final byte[] EMPTY = new byte[0];

	private RequestBodies() {
	}

	static Mono<byte[]> read(ServerRequest request, long maxBytes, Duration timeout) {
		long declared = request.headers().contentLength().orElse(-1);
		if (declared > maxBytes) {
			return Mono.error(new PayloadTooLargeException(maxBytes));
		}
		int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8);
		Mono<byte[]> body = DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), limit)
			.map(RequestBodies::toBytes)
			.defaultIfEmpty(EMPTY);
		return Deadlines.within(body, timeout, () -> new BodyReadTimeoutException(timeout), Schedulers.parallel())
			.onErrorMap(DataBufferLimitException.class, (ex) -> new PayloadTooLargeException(maxBytes));
	}

	private static byte[] toBytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/**
	 * A request body that did not arrive within the configured time.
	 */
	static final class BodyReadTimeoutException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final Duration timeout;

		BodyReadTimeoutException(Duration timeout) {
			super("Request body not received within " + timeout, null, false, false);
			this.timeout = timeout;
		}

		Duration timeout() {
			return this.timeout;
		}

	}

	/**
	 * A request body over the configured limit.
	 */
	static final class PayloadTooLargeException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final long maxBytes;

		PayloadTooLargeException(long maxBytes) {
			super("Request body exceeds " + maxBytes + " bytes", null, false, false);
			this.maxBytes = maxBytes;
		}

		long maxBytes() {
			return this.maxBytes;
		}

	}

}
