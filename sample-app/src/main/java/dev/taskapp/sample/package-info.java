/**
 * A Banking77-style intent classification task app built on the task-app starter: a small
 * data set of customer queries, a rollout that asks a chat-completions model to classify one of
 * them with a {@code classify} tool call, and the {@link dev.taskapp.config.TaskAppConfig} that
 * serves it.
 */
@NullMarked
package dev.taskapp.sample;

import org.jspecify.annotations.NullMarked;
