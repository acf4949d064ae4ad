/**
 * Wire records of the Synth task-app contract: rollout requests and responses, task
 * descriptions and the {@code /info} envelope, serialised as snake_case JSON with every field
 * present, plus {@link dev.taskapp.contract.InferenceUrls} for the {@code ?cid=} rules.
 */
@NullMarked
package dev.taskapp.contract;

import org.jspecify.annotations.NullMarked;
