package dev.taskapp.autoconfigure;

import dev.taskapp.client.JobSubmissionLock;
import dev.taskapp.client.PostgresJobSubmissionLock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link JobSubmissionLock} that lets one replica of a deployment
 * submit a job: a PostgreSQL advisory lock in the shared database when
 * {@code task-app.tracing.url} names one, else the lock of a replica that runs alone.
 */
@AutoConfiguration
@EnableConfigurationProperties(TaskAppProperties.class)
public final class TaskAppJobSubmissionLockAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobSubmissionLock taskAppJobSubmissionLock(TaskAppProperties properties) {
		TaskAppProperties.Tracing tracing = properties.tracing();
		String url = tracing.url();
		if (url != null && url.strip().startsWith("jdbc:postgresql:")) {
			return new PostgresJobSubmissionLock(url.strip(), tracing.username(), tracing.password());
		}
		return JobSubmissionLock.alone();
	}

}
