package dev.taskapp.tunnel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link TunnelManager} with a scripted backend, a real local server and WireMock as the
 * public URL.
 */
class TunnelManagerTests {

	private static final String KEY = "sk_manager_test";

	private final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

	private final ApplicationEventPublisher publisher = (event) -> this.events.add((ApplicationEvent) event);

	private final WireMockServer publicSide = new WireMockServer(options().dynamicPort());

	private HttpServer localApp;

	private volatile int localHealthStatus = 200;

	private final AtomicInteger localHealthRequests = new AtomicInteger();

	private TunnelManager manager;

	@BeforeEach
	void startServers() throws IOException {
		this.publicSide.start();
		this.localApp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.localApp.createContext("/", (exchange) -> {
			boolean health = exchange.getRequestURI().getPath().endsWith("/health");
			boolean keyed = KEY.equals(exchange.getRequestHeaders().getFirst("X-API-Key"));
			if (health) {
				this.localHealthRequests.incrementAndGet();
			}
			exchange.sendResponseHeaders(health && keyed ? this.localHealthStatus : 404, -1);
			exchange.close();
		});
		this.localApp.start();
	}

	@AfterEach
	void stopServers() {
		if (this.manager != null) {
			this.manager.stop();
		}
		this.localApp.stop(0);
		this.publicSide.stop();
	}

	@Test
	void blockingStartCompletesTheUrlAndPublishesTheReadyEvent() {
		ScriptedBackend backend = new ScriptedBackend(TunnelMode.PRECONFIGURED, this.publicSide.baseUrl());
		this.publicSide.stubFor(get(urlEqualTo("/task/health")).willReturn(aResponse().withStatus(200)));
		TaskAppUrl url = new TaskAppUrl(List.of(KEY));
		this.manager = manager(backend, url, settings(TunnelStartup.BLOCK, "/task", Map.of()));
		this.manager.start();
		assertThat(url.get(Duration.ZERO)).isEqualTo(this.publicSide.baseUrl() + "/task");
		assertThat(url.localUrl()).isEqualTo("http://127.0.0.1:" + localPort() + "/task");
		assertThat(this.manager.getState()).isEqualTo(TunnelState.READY);
		assertThat(this.events).singleElement().isInstanceOf(TaskAppUrlReadyEvent.class);
		assertThat(this.localHealthRequests.get()).isPositive();
	}

	@Test
	void publicProbeSendsTheKeyAndTheExtraVerificationHeader() {
		ScriptedBackend backend = new ScriptedBackend(TunnelMode.PRECONFIGURED, this.publicSide.baseUrl());
		this.publicSide.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200)));
		this.manager = manager(backend, new TaskAppUrl(List.of(KEY)),
				settings(TunnelStartup.BLOCK, "", Map.of("x-proxy-auth", "proxy-token")));
		this.manager.start();
		this.publicSide.verify(getRequestedFor(urlEqualTo("/health")).withHeader("X-API-Key", equalTo(KEY))
			.withHeader("Authorization", equalTo("Bearer " + KEY))
			.withHeader("x-proxy-auth", equalTo("proxy-token")));
	}

	@Test
	void publicUrlThatAnswers503FirstIsReadyOnceItAnswers200() {
		this.publicSide.stubFor(get(urlEqualTo("/health")).inScenario("warm-up").whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
		this.publicSide.stubFor(get(urlEqualTo("/health")).inScenario("warm-up").whenScenarioStateIs("second")
			.willReturn(aResponse().withStatus(530)).willSetStateTo("up"));
		this.publicSide.stubFor(get(urlEqualTo("/health")).inScenario("warm-up").whenScenarioStateIs("up")
			.willReturn(aResponse().withStatus(200)));
		TaskAppUrl url = new TaskAppUrl(List.of(KEY));
		// The probe waits 0.5 s, then 1 s, between its attempts: room for both on a loaded machine.
		this.manager = manager(new ScriptedBackend(TunnelMode.PRECONFIGURED, this.publicSide.baseUrl()), url,
				settings(TunnelStartup.BLOCK, "", Map.of(), Duration.ofSeconds(15)));
		this.manager.start();
		assertThat(url.isReady()).isTrue();
		this.publicSide.verify(3, getRequestedFor(urlEqualTo("/health")));
	}

	@Test
	void publicUrlThatNeverAnswersFailsStartWithTheLastStatus() {
		this.publicSide.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(503)));
		ScriptedBackend backend = new ScriptedBackend(TunnelMode.PRECONFIGURED, this.publicSide.baseUrl());
		TaskAppUrl url = new TaskAppUrl(List.of(KEY));
		this.manager = manager(backend, url, settings(TunnelStartup.BLOCK, "", Map.of()));
		assertThatExceptionOfType(TaskAppTunnelException.class).isThrownBy(this.manager::start)
			.satisfies((ex) -> {
				assertThat(ex.getStartFailure().getReason()).isEqualTo(TunnelStartException.Reason.NEVER_REACHABLE);
				assertThat(ex.getMessage()).contains("/health answered 503");
			});
		assertThat(backend.closed.get()).isOne();
		assertThat(this.manager.getState()).isEqualTo(TunnelState.FAILED);
		assertThat(this.events).singleElement().isInstanceOfSatisfying(TunnelFailedEvent.class,
				(event) -> assertThat(event.isRetrying()).isFalse());
	}

	@Test
	void unhealthyLocalAppFailsStartBeforeTheTunnelOpens() {
		this.localHealthStatus = 500;
		ScriptedBackend backend = new ScriptedBackend(TunnelMode.LOCAL, "http://unused");
		this.manager = manager(backend, new TaskAppUrl(List.of(KEY)), settings(TunnelStartup.BLOCK, "", Map.of()));
		assertThatExceptionOfType(TaskAppTunnelException.class).isThrownBy(this.manager::start)
			.satisfies((ex) -> assertThat(ex.getStartFailure().getReason())
				.isEqualTo(TunnelStartException.Reason.LOCAL_HEALTH_TIMEOUT));
		assertThat(backend.opened.get()).isZero();
	}

	@Test
	void asyncStartReturnsAtOnceAndAnnouncesTheUrlLater() {
		ScriptedBackend backend = new ScriptedBackend(TunnelMode.LOCAL, "http://127.0.0.1:1");
		TaskAppUrl url = new TaskAppUrl(List.of(KEY));
		this.manager = manager(backend, url, settings(TunnelStartup.ASYNC, "", Map.of()));
		this.manager.start();
		assertThat(url.get(Duration.ofSeconds(10))).isEqualTo("http://127.0.0.1:1");
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.events.isEmpty());
		assertThat(this.events).singleElement().isInstanceOf(TaskAppUrlReadyEvent.class);
	}

	@Test
	void asyncFailureFailsTheUrlAndPublishesTheFailedEvent() {
		ScriptedBackend backend = new ScriptedBackend(TunnelMode.QUICK, (String) null);
		TaskAppUrl url = new TaskAppUrl(List.of(KEY));
		this.manager = manager(backend, url, settings(TunnelStartup.ASYNC, "", Map.of()));
		this.manager.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.manager.getState() == TunnelState.FAILED);
		assertThat(this.events).singleElement().isInstanceOf(TunnelFailedEvent.class);
		assertThat(this.manager.getLastFailure()).hasMessageContaining("scripted: no URL");
	}

	@Test
	void backendThatBreaksUnexpectedlyFailsStartAsAProcessFailure() {
		TunnelBackend broken = new TunnelBackend() {

			@Override
			public TunnelMode mode() {
				return TunnelMode.QUICK;
			}

			@Override
			public TunnelHandle open(TunnelRequest request) {
				throw new IllegalStateException("backend bug");
			}

		};
		this.manager = manager(broken, new TaskAppUrl(List.of(KEY)), settings(TunnelStartup.ASYNC, "", Map.of()));
		this.manager.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.manager.getState() == TunnelState.FAILED);
		assertThat(this.manager.getLastFailure()).isInstanceOfSatisfying(TunnelStartException.class,
				(ex) -> assertThat(ex.getReason()).isEqualTo(TunnelStartException.Reason.PROCESS_FAILED))
			.hasMessageContaining("backend bug");
	}

	@Test
	void lostTunnelIsReopenedAndTheChangedUrlAnnounced() {
		ScriptedBackend backend = new ScriptedBackend(TunnelMode.LOCAL, "http://127.0.0.1:1", "http://127.0.0.1:2");
		TaskAppUrl url = new TaskAppUrl(List.of(KEY));
		this.manager = manager(backend, url, settings(TunnelStartup.BLOCK, "", Map.of()));
		this.manager.start();
		backend.loseTunnel();
		await().atMost(Duration.ofSeconds(10)).until(() -> "http://127.0.0.1:2".equals(url.getIfReady()));
		assertThat(this.manager.getState()).isEqualTo(TunnelState.READY);
		assertThat(backend.closed.get()).isOne();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.events).hasAtLeastOneElementOfType(TaskAppUrlChangedEvent.class));
		TaskAppUrlChangedEvent changed = this.events.stream()
			.filter(TaskAppUrlChangedEvent.class::isInstance)
			.map(TaskAppUrlChangedEvent.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(changed.getPreviousUrl()).isEqualTo("http://127.0.0.1:1");
		assertThat(changed.getUrl()).isEqualTo("http://127.0.0.1:2");
		assertThat(this.events).hasAtLeastOneElementOfType(TunnelFailedEvent.class);
	}

	@Test
	void leaseIdOfTheReopenedTunnelIsCurrentOnceItsUrlIsAnnounced() {
		ScriptedBackend backend = new ScriptedBackend(TunnelMode.LOCAL, "http://127.0.0.1:1", "http://127.0.0.1:2");
		TaskAppUrl url = new TaskAppUrl(List.of(KEY));
		this.manager = manager(backend, url, settings(TunnelStartup.BLOCK, "", Map.of()));
		this.manager.start();
		assertThat(url.tunnelLeaseId()).isEqualTo("lease-0");
		backend.loseTunnel();
		await().atMost(Duration.ofSeconds(10)).until(() -> "http://127.0.0.1:2".equals(url.getIfReady()));
		assertThat(url.tunnelLeaseId()).isEqualTo("lease-1");
	}

	@Test
	void routeMovedByTheBackendIsAnnouncedAsAChangedUrl() {
		ScriptedBackend backend = new ScriptedBackend(TunnelMode.LOCAL, "http://127.0.0.1:1");
		TaskAppUrl url = new TaskAppUrl(List.of(KEY));
		this.manager = manager(backend, url, settings(TunnelStartup.BLOCK, "/task", Map.of()));
		this.manager.start();
		backend.moveRoute("http://127.0.0.1:3", "new-worker-token");
		assertThat(url.get(Duration.ZERO)).isEqualTo("http://127.0.0.1:3/task");
		assertThat(url.workerToken()).isEqualTo("new-worker-token");
		assertThat(this.events).last().isInstanceOfSatisfying(TaskAppUrlChangedEvent.class, (event) -> {
			assertThat(event.getPreviousUrl()).isEqualTo("http://127.0.0.1:1/task");
			assertThat(event.getUrl()).isEqualTo("http://127.0.0.1:3/task");
		});
		assertThat(backend.opened.get()).isOne();
	}

	@Test
	void stopClosesTheTunnelAndPublishesTheStoppedEvent() {
		ScriptedBackend backend = new ScriptedBackend(TunnelMode.LOCAL, "http://127.0.0.1:1");
		TaskAppUrl url = new TaskAppUrl(List.of(KEY));
		this.manager = manager(backend, url, settings(TunnelStartup.BLOCK, "", Map.of()));
		this.manager.start();
		this.manager.stop();
		assertThat(backend.closed.get()).isOne();
		assertThat(url.isReady()).isFalse();
		assertThat(this.manager.isRunning()).isFalse();
		assertThat(this.events).last().isInstanceOf(TunnelStoppedEvent.class);
		backend.loseTunnel();
		assertThat(backend.opened.get()).isOne();
	}

	@Test
	void tunnelStartsAreObservedByModeAndOutcome() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		this.manager = new TunnelManager(new ScriptedBackend(TunnelMode.LOCAL, "http://127.0.0.1:1"),
				new TaskAppUrl(List.of(KEY)), settings(TunnelStartup.BLOCK, "", Map.of()), this::localPort,
				this.publisher, observations);
		this.manager.start();
		assertThat(meters.get("task.app.tunnel.start").tag("mode", "local").tag("outcome", "success").timer().count())
			.isOne();
		assertThat(meters.getMeters()).noneMatch((meter) -> meter.getId().getTag("url") != null);
	}

	@Test
	void managerStartsAfterTheServerAndStopsBeforeItsGracefulShutdown() {
		this.manager = manager(new ScriptedBackend(TunnelMode.LOCAL, "x"), new TaskAppUrl(List.of(KEY)),
				settings(TunnelStartup.BLOCK, "", Map.of()));
		assertThat(this.manager.getPhase()).isGreaterThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
			.isLessThan(SmartLifecycle.DEFAULT_PHASE);
		assertThat(this.manager.isPauseable()).isFalse();
		this.manager = null;
	}

	private TunnelManager manager(TunnelBackend backend, TaskAppUrl url, TunnelManagerSettings settings) {
		return new TunnelManager(backend, url, settings, this::localPort, this.publisher, ObservationRegistry.NOOP);
	}

	private int localPort() {
		return this.localApp.getAddress().getPort();
	}

	private static TunnelManagerSettings settings(TunnelStartup startup, String basePath, Map<String, String> headers) {
		return settings(startup, basePath, headers, Duration.ofSeconds(3));
	}

	private static TunnelManagerSettings settings(TunnelStartup startup, String basePath, Map<String, String> headers,
			Duration verifyTimeout) {
		return new TunnelManagerSettings("127.0.0.1", startup, Duration.ofSeconds(5), Duration.ofSeconds(2), true,
				verifyTimeout, basePath, headers, Duration.ofMillis(10), Duration.ofMillis(50));
	}

	/**
	 * Opens "tunnels" whose URLs are given in order; a {@code null} URL fails the open.
	 */
	static final class ScriptedBackend implements TunnelBackend {

		private final TunnelMode mode;

		private final String[] urls;

		final AtomicInteger opened = new AtomicInteger();

		final AtomicInteger closed = new AtomicInteger();

		private volatile TunnelListener listener = TunnelListener.NONE;

		ScriptedBackend(TunnelMode mode, String... urls) {
			this.mode = mode;
			this.urls = urls;
		}

		@Override
		public TunnelMode mode() {
			return this.mode;
		}

		@Override
		public TunnelHandle open(TunnelRequest request) throws TunnelStartException {
			int index = Math.min(this.opened.getAndIncrement(), this.urls.length - 1);
			String url = this.urls[index];
			if (url == null) {
				throw new TunnelStartException(TunnelStartException.Reason.NO_URL, this.mode, "scripted: no URL");
			}
			this.listener = request.listener();
			return new TunnelHandle() {

				@Override
				public String publicUrl() {
					return url;
				}

				@Override
				public String leaseId() {
					return "lease-" + index;
				}

				@Override
				public void close() {
					ScriptedBackend.this.closed.incrementAndGet();
				}

			};
		}

		void moveRoute(String url, String workerToken) {
			this.listener.routeChanged(url, workerToken);
		}

		void loseTunnel() {
			this.listener.tunnelLost(new IllegalStateException("scripted: process exited"));
		}

	}

}
