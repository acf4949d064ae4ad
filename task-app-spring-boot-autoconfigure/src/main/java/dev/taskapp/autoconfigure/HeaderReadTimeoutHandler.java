package dev.taskapp.autoconfigure;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Closes an HTTP/1.1 connection whose next request's headers have not arrived in time: the
 * clock starts when the connection opens and again when the last pending response has been
 * sent, and stops when a request's headers are decoded. A connection that switches to HTTP/2
 * leaves this handler's care. One instance per connection; runs on its event loop.
 */
final class HeaderReadTimeoutHandler extends ChannelDuplexHandler {

	private static final Log logger = LogFactory.getLog(HeaderReadTimeoutHandler.class);

	private final long timeoutNanos;

	private int pendingRequests;

	private @Nullable ScheduledFuture<?> timer;

	HeaderReadTimeoutHandler(long timeoutNanos) {
		this.timeoutNanos = timeoutNanos;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		if (ctx.channel().isActive()) {
			arm(ctx);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		arm(ctx);
		super.channelActive(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (msg instanceof HttpRequest) {
			this.pendingRequests++;
			disarm();
		}
		super.channelRead(ctx, msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (msg instanceof LastHttpContent) {
			promise = promise.unvoid();
			promise.addListener((future) -> responseSent(ctx));
		}
		super.write(ctx, msg, promise);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
		if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent
				|| evt instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent) {
			disarm();
			ctx.pipeline().remove(this);
		}
		super.userEventTriggered(ctx, evt);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		disarm();
		super.channelInactive(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		disarm();
	}

	private void responseSent(ChannelHandlerContext ctx) {
		if (this.pendingRequests > 0) {
			this.pendingRequests--;
		}
		if (this.pendingRequests == 0 && ctx.channel().isActive() && !ctx.isRemoved()) {
			arm(ctx);
		}
	}

	private void arm(ChannelHandlerContext ctx) {
		disarm();
		this.timer = ctx.executor().schedule(() -> expire(ctx), this.timeoutNanos, TimeUnit.NANOSECONDS);
	}

	private void disarm() {
		ScheduledFuture<?> current = this.timer;
		if (current != null) {
			current.cancel(false);
			this.timer = null;
		}
	}

	private void expire(ChannelHandlerContext ctx) {
		this.timer = null;
		if (ctx.isRemoved()) {
			return;
		}
		if (ctx.pipeline().get(Http2FrameCodec.class) != null || ctx.pipeline().get(Http2MultiplexHandler.class) != null) {
			ctx.pipeline().remove(this);
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Closing " + ctx.channel().remoteAddress() + ": no request headers within "
					+ TimeUnit.NANOSECONDS.toMillis(this.timeoutNanos) + " ms (task-app.server.header-read-timeout)");
		}
		ctx.close();
	}

}
