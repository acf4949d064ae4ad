package dev.taskapp.console;

import dev.taskapp.tracing.FinishedRollout;

/**
 * A rollout in the console's log.
 *
 * @param id the rollout's number in the log, counting from 1 since start-up
 * @param rollout what happened
 */
public record ConsoleRollout(long id, FinishedRollout rollout) {

}
