package dev.taskapp.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Banking77 sample task app ({@code sample.*}).
 *
 * @param inference the model the task expects
 * @param llm how the model is called
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue Inference inference, @DefaultValue Llm llm) {

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
	 */
	public record Llm(@DefaultValue("60s") Duration timeout) {

	}

}
