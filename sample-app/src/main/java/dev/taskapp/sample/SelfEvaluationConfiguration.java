package dev.taskapp.sample;

import dev.taskapp.tunnel.TaskAppUrl;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Declares the {@link SelfEvaluationRunner} unless {@code sample.self-evaluation.enabled} is
 * {@code false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleProperties.class)
@ConditionalOnProperty(name = "sample.self-evaluation.enabled", havingValue = "true", matchIfMissing = true)
class SelfEvaluationConfiguration {

	@Bean
	SelfEvaluationRunner selfEvaluationRunner(TaskAppUrl taskAppUrl, Banking77Dataset dataset,
			SampleProperties properties, Environment environment) {
		boolean container = "container".equalsIgnoreCase(environment.getProperty("task-app.contract", "task-app"));
		SelfEvaluation evaluation = new SelfEvaluation(taskAppUrl, dataset, properties.selfEvaluation(),
				properties.llm().inferenceUrl(), properties.inference().model(), container);
		return new SelfEvaluationRunner(evaluation, properties.selfEvaluation().seeds());
	}

}
