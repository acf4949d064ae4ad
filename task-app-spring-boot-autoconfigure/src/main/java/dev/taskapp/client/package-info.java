/**
 * Client of any Synth-compatible task app, ours or the Python reference: the health check
 * the Synth SDK performs before it submits a job ({@code check_task_app_health}), task
 * descriptions, {@code /info} and rollouts, over Reactor Netty's {@code HttpClient}.
 * <p>
 * Start with {@link dev.taskapp.client.TaskAppClient#builder(String)}. Failures are reported
 * as {@link dev.taskapp.client.TaskAppClientException}, whose message never contains the API
 * key, its aliases or the SynthTunnel worker token.
 */
@NullMarked
package dev.taskapp.client;

import org.jspecify.annotations.NullMarked;
