package dev.taskapp.sample;

import java.util.concurrent.atomic.AtomicReference;

import dev.taskapp.client.optimizers.HostedOptimizerClient;
import dev.taskapp.client.optimizers.OptimizerRunRequest;
import dev.taskapp.client.optimizers.OptimizerRunStatus;
import dev.taskapp.tunnel.TaskAppUrl;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ResourceLoader;

/**
 * The sample's job for the container contract: {@code sample.job.container-config} (the shipped
 * GEPA v2 {@code banking77-gepa-v2.toml}) submitted to the hosted-optimizer API, with
 * {@code container.url} set to the app's public URL, and either the app's SynthTunnel lease
 * ({@code container.auth_refresh}) or its API key as {@code Authorization: Bearer}
 * ({@code container.headers}).
 */
final class HostedOptimizerSampleJob extends AbstractSampleJob<OptimizerRunStatus> {

	private final HostedOptimizerClient client;

	HostedOptimizerSampleJob(TaskAppUrl taskAppUrl, SampleProperties.Job settings, String apiKey, String backendUrl,
			ResourceLoader resourceLoader) {
		super(taskAppUrl, settings, resourceLoader);
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
			String leaseId = taskAppUrl().tunnelLeaseId();
			request = (leaseId != null) ? request.withSynthTunnelLease(leaseId)
					: request.withContainerHeader("Authorization", "Bearer " + taskAppUrl().apiKey());
			String algorithm = request.algorithm();
			return this.client.submit(request)
				.map((run) -> {
					logger.info("Submitted " + algorithm + " optimizer run " + run.runId() + " ("
							+ settings().containerConfig() + ") to " + this.client.getBaseUrl() + " for " + url);
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
				logger.info("Run " + id + " " + elapsedSince(start) + " " + status.status());
			}
		}).doOnNext(this::report).then();
	}

	@Override
	public Mono<Void> cancel(String id, String reason) {
		return this.client.cancel(id).then();
	}

	private OptimizerRunRequest loadRequest() {
		return readConfiguration(settings().containerConfig(), "run configuration",
				(input) -> OptimizerRunRequest.toml(OptimizerRunRequest.GEPA, input));
	}

	private void report(OptimizerRunStatus status) {
		finished(status);
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
