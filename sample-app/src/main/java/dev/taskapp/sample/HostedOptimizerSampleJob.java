package dev.taskapp.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskapp.client.optimizers.HostedOptimizerClient;
import dev.taskapp.client.optimizers.OptimizerRunRequest;
import dev.taskapp.client.optimizers.OptimizerRunStatus;
import dev.taskapp.tunnel.TaskAppUrl;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The sample's job for the container contract: {@code sample.job.container-config} (the shipped
 * GEPA v2 {@code banking77-gepa-v2.toml}) submitted to the hosted-optimizer API, with
 * {@code container.url} set to the app's public URL, and either the app's SynthTunnel lease
 * ({@code container.auth_refresh}) or its API key as {@code Authorization: Bearer}
 * ({@code container.headers}).
 */
final class HostedOptimizerSampleJob implements SampleJob {

	private static final Log logger = LogFactory.getLog(JobSubmitter.class);

	private final TaskAppUrl taskAppUrl;

	private final SampleProperties.Job settings;

	private final HostedOptimizerClient client;

	private final ResourceLoader resourceLoader;

	private final AtomicReference<@Nullable OptimizerRunStatus> result = new AtomicReference<>();

	HostedOptimizerSampleJob(TaskAppUrl taskAppUrl, SampleProperties.Job settings, String apiKey, String backendUrl,
			ResourceLoader resourceLoader) {
		this.taskAppUrl = taskAppUrl;
		this.settings = settings;
		this.resourceLoader = resourceLoader;
		this.client = HostedOptimizerClient.builder(backendUrl)
			.apiKey(apiKey)
			.pollInterval(settings.pollInterval())
			.completionTimeout(settings.timeout())
			.build();
	}

	@Override
	public String kind() {
		return "optimizer run";
	}

	@Override
	public Mono<String> submit(String url) {
		return Mono.defer(() -> {
			OptimizerRunRequest request = loadRequest().withContainerUrl(url);
			String leaseId = this.taskAppUrl.tunnelLeaseId();
			request = (leaseId != null) ? request.withSynthTunnelLease(leaseId)
					: request.withContainerHeader("Authorization", "Bearer " + this.taskAppUrl.apiKey());
			String algorithm = request.algorithm();
			return this.client.submit(request)
				.map((run) -> {
					logger.info("Submitted " + algorithm + " optimizer run " + run.runId() + " ("
							+ this.settings.containerConfig() + ") to " + this.client.getBaseUrl() + " for " + url);
					return run.runId();
				});
		});
	}

	@Override
	public Mono<Void> await(String id) {
		long start = System.nanoTime();
		AtomicReference<@Nullable String> last = new AtomicReference<>();
		return this.client.awaitCompletion(id, (status) -> {
			if (!status.status().equals(last.getAndSet(status.status()))) {
				long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
				logger.info(String.format(Locale.ROOT, "Run %s [%02d:%02d] %s", id, seconds / 60, seconds % 60,
						status.status()));
			}
		}).doOnNext(this::report).then();
	}

	@Override
	public Mono<Void> cancel(String id, String reason) {
		return this.client.cancel(id).then();
	}

	/**
	 * Returns the terminal status of the finished run.
	 * @return the status, or {@code null} while no run finished
	 */
	@Nullable OptimizerRunStatus result() {
		return this.result.get();
	}

	private OptimizerRunRequest loadRequest() {
		Resource resource = this.resourceLoader.getResource(this.settings.containerConfig());
		try (InputStream input = resource.getInputStream()) {
			return OptimizerRunRequest.toml(OptimizerRunRequest.GEPA, input);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the run configuration " + this.settings.containerConfig(), ex);
		}
	}

	private void report(OptimizerRunStatus status) {
		this.result.set(status);
		if (status.succeeded()) {
			logger.info("Run " + status.runId() + " " + status.status()
					+ (status.result().isEmpty() ? "" : ": " + status.result()));
		}
		else {
			logger.warn("Run " + status.runId() + " " + status.status()
					+ ((status.error() != null) ? ": " + status.error() : ""));
		}
	}

}
