package dev.taskapp.tunnel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where the task app can be reached, and with which credentials: inject it where jobs are
 * submitted. The bean exists from the start; its public URL becomes available once the
 * tunnel is open and verified (a {@link TaskAppUrlReadyEvent} announces it), and changes if a
 * lost tunnel comes back with a new URL ({@link TaskAppUrlChangedEvent}).
 * <p>
 * {@link #toString()} never shows the API key or the worker token.
 */
public final class TaskAppUrl {

	private final List<String> apiKeys;

	private final CompletableFuture<String> firstUrl = new CompletableFuture<>();

	private final AtomicReference<@Nullable String> currentUrl = new AtomicReference<>();

	private volatile @Nullable String localUrl;

	private volatile @Nullable TunnelMode mode;

	private volatile @Nullable String workerToken;

	private volatile @Nullable String tunnelLeaseId;

	/**
	 * Creates the URL holder of a task app.
	 * @param apiKeys the task-app API keys, the primary one first
	 */
	public TaskAppUrl(List<String> apiKeys) {
		if (apiKeys.isEmpty()) {
			throw new IllegalArgumentException("apiKeys must name at least the primary key");
		}
		this.apiKeys = List.copyOf(apiKeys);
	}

	/**
	 * Returns the public URL, waiting for it at most the given time.
	 * @param timeout the longest wait
	 * @return the public base URL, without a trailing slash
	 * @throws IllegalStateException if the tunnel failed, or the URL is not ready in time
	 * @throws java.util.concurrent.CancellationException if the application stopped first
	 */
	public String get(Duration timeout) {
		String current = this.currentUrl.get();
		if (current != null) {
			return current;
		}
		try {
			this.firstUrl.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return getIfReady();
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The task-app URL was not ready within " + timeout);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("The task-app tunnel failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the task-app URL", ex);
		}
	}

	/**
	 * Returns the public URL once it is ready: the current one at subscription time.
	 * @return a {@code Mono} of the public base URL, or an error if the tunnel failed
	 */
	public Mono<String> url() {
		return Mono.fromFuture(this.firstUrl, true).map((first) -> getIfReady());
	}

	/**
	 * Returns the public URL if it is ready.
	 * @return the public base URL, or {@code null} while the tunnel is opening
	 */
	public @Nullable String getIfReady() {
		return this.currentUrl.get();
	}

	/**
	 * Returns whether the public URL is ready.
	 * @return whether the URL is ready
	 */
	public boolean isReady() {
		return this.currentUrl.get() != null;
	}

	/**
	 * Returns the local server's URL, such as {@code http://127.0.0.1:8001}.
	 * @return the local URL, or {@code null} before the web server started
	 */
	public @Nullable String localUrl() {
		return this.localUrl;
	}

	/**
	 * Returns how the task app is made reachable; {@code auto} resolved to the mode it chose.
	 * @return the mode, or {@code null} before the tunnel started opening
	 */
	public @Nullable TunnelMode mode() {
		return this.mode;
	}

	/**
	 * Returns the task-app API key jobs must send ({@code task_app_api_key}).
	 * @return the primary API key
	 */
	public String apiKey() {
		return this.apiKeys.get(0);
	}

	/**
	 * Returns every accepted task-app API key, the primary one first.
	 * @return the keys
	 */
	public List<String> apiKeys() {
		return this.apiKeys;
	}

	/**
	 * Returns the SynthTunnel worker token jobs must send as
	 * {@code X-SynthTunnel-Worker-Token}.
	 * @return the worker token, or {@code null} for the other modes
	 */
	public @Nullable String workerToken() {
		return this.workerToken;
	}

	/**
	 * Returns the id of the SynthTunnel lease the public URL belongs to: what a hosted-optimizer
	 * run names in {@code container.auth_refresh.lease_id}, so that the backend refreshes the
	 * worker token itself. A renewed lease has a new id; it is current once the URL is.
	 * @return the lease id, or {@code null} for the other modes
	 */
	public @Nullable String tunnelLeaseId() {
		return this.tunnelLeaseId;
	}

	void tunnelLease(@Nullable String leaseId) {
		this.tunnelLeaseId = leaseId;
	}

	void opening(TunnelMode mode, String localUrl) {
		this.mode = mode;
		this.localUrl = localUrl;
	}

	void ready(String url, @Nullable String workerToken) {
		this.workerToken = workerToken;
		this.currentUrl.set(url);
		this.firstUrl.complete(url);
	}

	@Nullable String changed(String url, @Nullable String workerToken) {
		this.workerToken = workerToken;
		return this.currentUrl.getAndSet(url);
	}

	void failed(Throwable cause) {
		this.firstUrl.completeExceptionally(cause);
	}

	void stopped() {
		this.currentUrl.set(null);
		this.firstUrl.cancel(false);
	}

	@Override
	public String toString() {
		return "TaskAppUrl[url=" + this.currentUrl.get() + ", local=" + this.localUrl + ", mode="
				+ ((this.mode != null) ? this.mode.name().toLowerCase(java.util.Locale.ROOT) : null) + ", apiKey=******"
				+ ", workerToken=" + ((this.workerToken != null) ? "******" : "none") + "]";
	}

}
