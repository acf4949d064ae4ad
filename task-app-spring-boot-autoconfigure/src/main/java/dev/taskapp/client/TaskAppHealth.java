package dev.taskapp.client;

import org.jspecify.annotations.Nullable;

/**
 * The result of {@link TaskAppClient#health()}, shaped like the Synth SDK's
 * {@code TaskAppHealth}.
 *
 * @param ok whether both {@code /health} and {@code /task_info} counted as healthy
 * @param healthStatus the status {@code /health} answered with, or {@code null} if it did not
 * answer
 * @param taskInfoStatus the status {@code /task_info} answered with, or {@code null} if it did
 * not answer
 * @param detail what happened, such as {@code /health=200, /task_info=200}, or the error that
 * made the app unreachable; never contains a secret
 */
public record TaskAppHealth(boolean ok, @Nullable Integer healthStatus, @Nullable Integer taskInfoStatus,
		String detail) {

}
