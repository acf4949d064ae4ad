/**
 * JUnit Jupiter support: {@link dev.taskapp.inprocess.junit.TaskAppTest} starts a task app
 * for a test class and injects its {@code TaskAppClient}, {@code TaskAppUrl} and
 * {@code InProcessTaskApp} into test methods. Needs {@code junit-jupiter-api} on the class
 * path, as every JUnit Jupiter test has.
 */
@NullMarked
package dev.taskapp.inprocess.junit;

import org.jspecify.annotations.NullMarked;
