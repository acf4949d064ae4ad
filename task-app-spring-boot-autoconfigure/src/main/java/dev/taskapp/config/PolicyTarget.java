package dev.taskapp.config;

import org.jspecify.annotations.Nullable;

/**
 * The model a rollout calls, whichever contract the request came in: the container
 * contract's typed {@code policy}, or the task-app contract's {@code policy.config}.
 *
 * @param provider the model provider, such as {@code openai}, or {@code null}
 * @param model the model, or {@code null} when the caller names none
 * @param inferenceUrl the inference URL as the caller gave it, or {@code null}
 * @param apiFamily the API family, such as {@code chat_completions}, or {@code null}
 * @param maxTokens the completion token budget, or {@code null}
 */
public record PolicyTarget(@Nullable String provider, @Nullable String model, @Nullable String inferenceUrl,
		@Nullable String apiFamily, @Nullable Integer maxTokens) {

	/** A target naming nothing. */
	public static final PolicyTarget NONE = new PolicyTarget(null, null, null, null, null);

}
