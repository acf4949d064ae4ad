package dev.taskapp.autoconfigure;

import java.time.Duration;

import io.netty.channel.ChannelPipeline;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Closes the connections of slow or silent clients, which would otherwise each hold a file
 * descriptor for good: one whose request headers do not arrive within
 * {@code task-app.server.header-read-timeout} ({@link HeaderReadTimeoutHandler}), and a
 * keep-alive one idle for {@code task-app.server.idle-timeout} (Reactor Netty's idle timeout,
 * unless {@code server.netty.idle-timeout} sets it).
 */
final class SlowClientTimeouts implements NettyServerCustomizer {

	private static final String HANDLER_NAME = "taskapp.headerReadTimeout";

	private final Duration headerReadTimeout;

	private final @Nullable Duration idleTimeout;

	/**
	 * Creates the timeouts.
	 * @param headerReadTimeout longest wait for a request's headers
	 * @param idleTimeout longest idle time between requests, or {@code null} to leave it to
	 * {@code server.netty.idle-timeout}
	 */
	SlowClientTimeouts(Duration headerReadTimeout, @Nullable Duration idleTimeout) {
		this.headerReadTimeout = headerReadTimeout;
		this.idleTimeout = idleTimeout;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		long timeoutNanos = this.headerReadTimeout.toNanos();
		HttpServer customized = server.doOnChannelInit((observer, channel, remoteAddress) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null && pipeline.get(HANDLER_NAME) == null) {
				pipeline.addBefore(NettyPipeline.HttpTrafficHandler, HANDLER_NAME,
						new HeaderReadTimeoutHandler(timeoutNanos));
			}
		});
		return (this.idleTimeout != null) ? customized.idleTimeout(this.idleTimeout) : customized;
	}

}
