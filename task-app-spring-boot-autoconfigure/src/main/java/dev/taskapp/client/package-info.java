/**
 * Client of any Synth-compatible task app, ours or the Python reference: the health check
 * the Synth SDK performs before it submits a job ({@code check_task_app_health}), task
 * descriptions, {@code /info} and rollouts, over Reactor Netty's {@code HttpClient}; and the
 * prompt-learning job client of the Synth backend
 * ({@link dev.taskapp.client.PromptLearningJobClient}, {@link dev.taskapp.client.PromptLearningJobConfig}):
 * submit GEPA or MIPRO jobs for a task app, poll them, read their events, cancel them, and
 * read their best score and prompt.
 * <p>
 * Start with {@link dev.taskapp.client.TaskAppClient#builder(String)}. Failures are reported
 * as {@link dev.taskapp.client.TaskAppClientException} and
 * {@link dev.taskapp.client.PromptLearningJobException}, whose messages never contain an API
 * key, its aliases or the SynthTunnel worker token. The failures of both backend clients,
 * this one and {@link dev.taskapp.client.optimizers.HostedOptimizerClient}, share the base
 * {@link dev.taskapp.client.SynthBackendException}.
 */
@NullMarked
package dev.taskapp.client;

import org.jspecify.annotations.NullMarked;
