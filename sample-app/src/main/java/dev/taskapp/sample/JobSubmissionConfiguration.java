package dev.taskapp.sample;

import dev.taskapp.client.JobSubmissionLock;
import dev.taskapp.tunnel.TaskAppUrl;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Declares the {@link JobSubmitter} unless {@code sample.job.enabled} is {@code false}. The
 * Synth API key is {@code sample.job.api-key}, else {@code SYNTH_API_KEY}; the backend
 * {@code sample.job.backend-url}, else {@code SYNTH_BACKEND_URL}, else
 * {@value #DEFAULT_BACKEND_URL}. An app started with {@code task-app.contract=container} submits
 * a hosted-optimizer run instead of a prompt-learning job.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleProperties.class)
@ConditionalOnProperty(name = "sample.job.enabled", havingValue = "true", matchIfMissing = true)
class JobSubmissionConfiguration {

	static final String DEFAULT_BACKEND_URL = "https://api.usesynth.ai";

	static final String CONTRACT_PROPERTY = "task-app.contract";

	@Bean
	JobSubmitter jobSubmitter(TaskAppUrl taskAppUrl, SampleProperties properties, Environment environment,
			ResourceLoader resourceLoader, ObjectProvider<JobSubmissionLock> lock) {
		SampleProperties.Job job = properties.job();
		String apiKey = firstNonBlank(job.apiKey(), environment.getProperty("SYNTH_API_KEY"));
		String backendUrl = firstNonBlank(job.backendUrl(), environment.getProperty("SYNTH_BACKEND_URL"));
		boolean container = "container".equalsIgnoreCase(environment.getProperty(CONTRACT_PROPERTY, "task-app").strip());
		JobSubmitter submitter = new JobSubmitter(taskAppUrl, job, apiKey,
				(backendUrl != null) ? backendUrl : DEFAULT_BACKEND_URL, resourceLoader, container);
		submitter.useLock(lock.getIfAvailable(JobSubmissionLock::alone));
		return submitter;
	}

	private static @Nullable String firstNonBlank(@Nullable String first, @Nullable String second) {
		if (first != null && !first.isBlank()) {
			return first.strip();
		}
		return (second != null && !second.isBlank()) ? second.strip() : null;
	}

}
