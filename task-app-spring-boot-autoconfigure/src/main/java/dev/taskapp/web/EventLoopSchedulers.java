package dev.taskapp.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Runs the timers of a request on the event loop of its connection. Netty keeps an event
 * loop's timers in a queue only that loop touches, so arming and cancelling one per request
 * takes no lock, unlike Reactor's shared parallel scheduler.
 */
final class EventLoopSchedulers {

	private final Map<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

	Scheduler of(HttpServerRequest request) {
		EventLoop[] loop = new EventLoop[1];
		request.withConnection((connection) -> loop[0] = connection.channel().eventLoop());
		if (loop[0] == null) {
			return Schedulers.parallel();
		}
		return this.schedulers.computeIfAbsent(loop[0], Schedulers::fromExecutorService);
	}

}
