package dev.taskapp.tracing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Records the chat-completions calls a rollout makes with a {@code WebClient}, so a handler
 * gets traces without extra code. Add the filter once to the client the handler uses:
 *
 * <pre class="code">
 * WebClient llm = WebClient.builder().filter(ChatCompletionsTracing.exchangeFilter()).build();
 * </pre>
 *
 * A call is recorded into the rollout's {@link TraceRecorder} when it goes to the rollout's
 * chat-completions URL (scheme, host, port and path compared; the query, such as
 * {@code ?cid=}, ignored) and is answered with a 2xx JSON body. The starter puts the recorder
 * into the Reactor context of a non-blocking handler. A blocking handler (whose
 * {@code block()} calls do not see that context) names it on the request instead:
 * {@code .attributes(ChatCompletionsTracing.recordInto(context.traces()))}; a call named
 * that way is recorded whatever its URL. Streamed (server-sent events) answers are not
 * recorded: record them with {@link TraceRecorder#record(LmCall)}.
 */
public final class ChatCompletionsTracing {

	/** Name of the request attribute that holds the {@link TraceRecorder} of a call. */
	public static final String RECORDER_ATTRIBUTE = TraceRecorder.class.getName();

	private static final Class<TraceRecorder> CONTEXT_KEY = TraceRecorder.class;

	private static final ExchangeFilterFunction FILTER = ChatCompletionsTracing::filter;

	private ChatCompletionsTracing() {
	}

	/**
	 * Returns the filter that records chat-completions calls.
	 * @return the filter
	 */
	public static ExchangeFilterFunction exchangeFilter() {
		return FILTER;
	}

	/**
	 * Returns a request-attributes customizer that records the call into the given recorder.
	 * @param recorder the recorder of the rollout
	 * @return the customizer, for {@code WebClient.RequestBodySpec.attributes(...)}
	 */
	public static Consumer<Map<String, Object>> recordInto(TraceRecorder recorder) {
		return (attributes) -> attributes.put(RECORDER_ATTRIBUTE, recorder);
	}

	/**
	 * Returns a Reactor context customizer that makes the given recorder the one of the calls
	 * made inside the customized sequence.
	 * @param recorder the recorder of the rollout
	 * @return the customizer, for {@code Mono.contextWrite(...)}
	 */
	public static Function<Context, Context> withRecorder(TraceRecorder recorder) {
		return (context) -> context.put(CONTEXT_KEY, recorder);
	}

	private static Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		Optional<Object> named = request.attribute(RECORDER_ATTRIBUTE);
		if (named.isPresent()) {
			return (named.get() instanceof TraceRecorder recorder && recorder.isRecording())
					? recorded(request, next, recorder) : next.exchange(request);
		}
		return Mono.deferContextual((context) -> {
			TraceRecorder recorder = context.getOrDefault(CONTEXT_KEY, null);
			if (recorder == null || !recorder.isRecording()
					|| !sameEndpoint(request.url(), recorder.chatCompletionsUrl())) {
				return next.exchange(request);
			}
			return recorded(request, next, recorder);
		});
	}

	private static Mono<ClientResponse> recorded(ClientRequest request, ExchangeFunction next,
			TraceRecorder recorder) {
		Instant startedAt = Instant.now();
		BodyCapture requestBody = new BodyCapture();
		BodyInserter<?, ? super ClientHttpRequest> original = request.body();
		BodyInserter<Object, ClientHttpRequest> capturing = (message, context) -> original
			.insert(new CapturingRequest(message, requestBody), context);
		ClientRequest captured = ClientRequest.from(request).body(capturing).build();
		return next.exchange(captured).map((response) -> {
			if (!response.statusCode().is2xxSuccessful()) {
				return response;
			}
			BodyCapture responseBody = new BodyCapture();
			return response.mutate()
				.body((body) -> body.doOnNext(responseBody::append)
					.doOnComplete(() -> recorder.recordChatCompletion(requestBody.bytes(), responseBody.bytes(),
							startedAt, Instant.now())))
				.build();
		});
	}

	static boolean sameEndpoint(URI actual, @Nullable String expected) {
		if (expected == null) {
			return false;
		}
		URI wanted;
		try {
			wanted = URI.create(expected);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return lower(actual.getScheme()).equals(lower(wanted.getScheme()))
				&& lower(actual.getHost()).equals(lower(wanted.getHost())) && port(actual) == port(wanted)
				&& path(actual).equals(path(wanted));
	}

	private static String lower(@Nullable String value) {
		return (value != null) ? value.toLowerCase(Locale.ROOT) : "";
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static String path(URI uri) {
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	/**
	 * The bytes of a body, copied as they pass.
	 */
	private static final class BodyCapture {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		void append(DataBuffer buffer) {
			ByteBuffer copy = ByteBuffer.allocate(buffer.readableByteCount());
			buffer.toByteBuffer(copy);
			this.bytes.write(copy.array(), 0, copy.capacity());
		}

		byte[] bytes() {
			return this.bytes.toByteArray();
		}

	}

	/**
	 * A request that copies the body it writes.
	 */
	private static final class CapturingRequest extends ClientHttpRequestDecorator {

		private final BodyCapture capture;

		CapturingRequest(ClientHttpRequest delegate, BodyCapture capture) {
			super(delegate);
			this.capture = capture;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			return super.writeWith(Flux.from(body).doOnNext(this.capture::append));
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return super.writeAndFlushWith(
					Flux.from(body).map((part) -> Flux.from(part).doOnNext(this.capture::append)));
		}

	}

}
