/**
 * Programmatic entry point of the starter, for code that is not a Spring Boot application:
 * {@link dev.taskapp.inprocess.InProcessTaskApp} starts a task app from a
 * {@link dev.taskapp.config.TaskAppConfig} in one call, makes it reachable and closes it again,
 * the JVM counterpart of the Synth SDK's {@code InProcessTaskApp}.
 */
@NullMarked
package dev.taskapp.inprocess;

import org.jspecify.annotations.NullMarked;
