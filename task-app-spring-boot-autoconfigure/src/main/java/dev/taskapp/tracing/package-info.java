/**
 * Traces of rollouts: {@link dev.taskapp.tracing.TraceRecorder} records the LM calls of one
 * rollout, {@link dev.taskapp.tracing.TracePayloads} turns them into the v4 trace payload a
 * rollout response carries, {@link dev.taskapp.tracing.TraceWriteQueue} hands finished
 * rollouts to the {@link dev.taskapp.tracing.SqliteTraceWriter trace store} and the
 * {@link dev.taskapp.tracing.SftJsonlWriter SFT JSONL writer} off the event loop, and
 * {@link dev.taskapp.tracing.RolloutTracing} observes every rollout and hands its trace on.
 */
@NullMarked
package dev.taskapp.tracing;

import org.jspecify.annotations.NullMarked;
