/**
 * The console page ({@code GET /console}): what a task app is doing, fed from an in-memory
 * log of its recent rollouts, behind the task app's API key.
 */
@NullMarked
package dev.taskapp.console;

import org.jspecify.annotations.NullMarked;
