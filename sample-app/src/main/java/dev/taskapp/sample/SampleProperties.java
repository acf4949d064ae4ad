package dev.taskapp.sample;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Banking77 sample task app ({@code sample.*}).
 *
 * @param inference the model the task expects
 * @param llm how the model is called
 * @param selfEvaluation the evaluation the app runs on itself once it is reachable
 * @param job the prompt-learning job the app submits when a Synth API key is set
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue Inference inference, @DefaultValue Llm llm,
		@DefaultValue SelfEvaluation selfEvaluation, @DefaultValue Job job) {

	/**
	 * The model the task expects.
	 *
	 * @param model Model sent when a rollout's policy.config.model names none, and advertised by
	 * /info and /task_info.
	 */
	public record Inference(@DefaultValue("gpt-4o-mini") String model) {

	}

	/**
	 * How the model is called.
	 *
	 * @param timeout Longest time one chat-completions call may take, connecting included. A
	 * slower model fails the rollout with a 502.
	 * @param inferenceUrl OpenAI-compatible base URL the self-evaluation sends its rollouts to,
	 * such as https://api.openai.com/v1. When empty, the app serves its own demo keyword
	 * classifier at /demo-llm/v1 and evaluates with that.
	 * @param maxConnections Most connections open to the model at once. Further calls wait for
	 * a free connection (up to the timeout) instead of failing, so a burst of rollouts larger
	 * than the pool is slowed down, not refused.
	 */
	public record Llm(@DefaultValue("60s") Duration timeout, @Nullable String inferenceUrl,
			@DefaultValue("10000") int maxConnections) {

		/**
		 * Returns whether a model endpoint is configured.
		 * @return whether {@code inference-url} is set
		 */
		public boolean hasInferenceUrl() {
			return this.inferenceUrl != null && !this.inferenceUrl.isBlank();
		}

	}

	/**
	 * The evaluation the app runs on itself, through its public URL, once that URL is ready.
	 *
	 * @param enabled Whether the app evaluates itself at start-up and prints the scores.
	 * @param seeds Number of seeds evaluated: 0 to seeds - 1.
	 * @param split Data set split the seeds select queries from.
	 * @param concurrency Most rollouts in flight at once.
	 * @param rolloutTimeout Longest time one rollout may take.
	 */
	public record SelfEvaluation(@DefaultValue("true") boolean enabled, @DefaultValue("24") int seeds,
			@DefaultValue("test") String split, @DefaultValue("4") int concurrency,
			@DefaultValue("60s") Duration rolloutTimeout) {

		/**
		 * Checks the settings.
		 */
		public SelfEvaluation {
			if (seeds < 1) {
				throw new IllegalArgumentException("sample.self-evaluation.seeds must be positive, got " + seeds);
			}
			if (concurrency < 1) {
				throw new IllegalArgumentException(
						"sample.self-evaluation.concurrency must be positive, got " + concurrency);
			}
		}

	}

	/**
	 * The prompt-learning job the app submits to the Synth backend once its URL is ready.
	 *
	 * @param enabled Whether the app submits a job when a Synth API key is set (and otherwise
	 * logs how to enable it).
	 * @param config Location of the job's TOML configuration.
	 * @param apiKey Synth API key. Defaults to SYNTH_API_KEY; without a key no job is submitted.
	 * @param backendUrl Synth backend. Defaults to SYNTH_BACKEND_URL, then
	 * https://api.usesynth.ai.
	 * @param pollInterval Time between two status polls of the job.
	 * @param timeout Longest wait for the job to finish.
	 * @param containerConfig Location of the GEPA v2 TOML configuration submitted to the
	 * hosted-optimizer API when the app serves the container contract (task-app.contract=container).
	 * @param onUrlChange What to do with a running job when the task app's public URL changes
	 * (the job can no longer reach it): cancel it, or cancel it and submit a new one for the new
	 * URL.
	 * @param lockRetryInterval Time between two attempts of a deferring replica to take the job
	 * lock of its deployment (a lock shared through task-app.tracing.url), so that a job whose
	 * submitter stopped is followed by another replica.
	 */
	public record Job(@DefaultValue("true") boolean enabled,
			@DefaultValue("classpath:banking77-gepa.toml") String config, @Nullable String apiKey,
			@Nullable String backendUrl, @DefaultValue("10s") Duration pollInterval,
			@DefaultValue("1h") Duration timeout,
			@DefaultValue("classpath:banking77-gepa-v2.toml") String containerConfig,
			@DefaultValue("cancel") OnUrlChange onUrlChange, @DefaultValue("30s") Duration lockRetryInterval) {

		/**
		 * Checks the settings.
		 */
		public Job {
			if (lockRetryInterval.isNegative() || lockRetryInterval.isZero()) {
				throw new IllegalArgumentException(
						"sample.job.lock-retry-interval must be positive, got " + lockRetryInterval);
			}
		}

	}

	/**
	 * What the job submitter does with a running job whose task-app URL changed.
	 */
	public enum OnUrlChange {

		/** Cancel the job. */
		CANCEL,

		/** Cancel the job and submit a new one for the new URL. */
		RESUBMIT

	}

}
