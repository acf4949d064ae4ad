/**
 * The task-app routes ({@code /}, {@code /health}, {@code /info}, {@code /task_info},
 * {@code /rollout}, {@code /done}) as a WebFlux {@code RouterFunction}, with API-key
 * authentication, request validation and the contract's error bodies.
 */
@NullMarked
package dev.taskapp.web;

import org.jspecify.annotations.NullMarked;
