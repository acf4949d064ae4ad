package dev.taskapp.autoconfigure;

import dev.taskapp.tracing.RolloutMeters;
import dev.taskapp.tracing.RolloutTracing;
import dev.taskapp.tracing.TraceStoreMeterBinder;
import dev.taskapp.tracing.TraceWriteQueue;
import dev.taskapp.web.RolloutAdmission;
import dev.taskapp.web.RolloutAdmissionMeters;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of rollouts and of the trace store, when Micrometer is on the class path:
 * {@link RolloutMeters} (reward summary and in-flight gauge, registered with the observation
 * registry and bound to the meter registries by Spring Boot) and, with a trace store, the
 * {@link TraceStoreMeterBinder} (queue depth, written and dropped traces), and the
 * {@link RolloutAdmissionMeters} (limit and refused rollouts).
 */
@AutoConfiguration(after = TaskAppTracingAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(RolloutTracing.class)
public final class TaskAppTracingMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RolloutMeters taskAppRolloutMeters() {
		return new RolloutMeters();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RolloutAdmission.class)
	RolloutAdmissionMeters taskAppRolloutAdmissionMeters(RolloutAdmission admission) {
		return new RolloutAdmissionMeters(admission);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TraceWriteQueue.class)
	TraceStoreMeterBinder taskAppTraceStoreMeterBinder(TraceWriteQueue queue) {
		return new TraceStoreMeterBinder(queue);
	}

}
