/**
 * The user-facing API of a task app: {@link dev.taskapp.config.TaskAppConfig} describes the
 * task and how to run a rollout; {@link dev.taskapp.config.RolloutHandler} runs it with the
 * {@link dev.taskapp.config.RolloutContext} of one request.
 */
@NullMarked
package dev.taskapp.config;

import org.jspecify.annotations.NullMarked;
