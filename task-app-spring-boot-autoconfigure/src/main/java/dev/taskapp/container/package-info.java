/**
 * The container contract ({@code synth.container.contract.v1}, consumed by GEPA v2): routes,
 * wire shapes and the rollout records of async rollouts, mapped to and from the
 * contract-neutral {@link dev.taskapp.config.TaskAppConfig}.
 */
@NullMarked
package dev.taskapp.container;

import org.jspecify.annotations.NullMarked;
