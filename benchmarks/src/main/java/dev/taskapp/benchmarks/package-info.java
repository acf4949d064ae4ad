/**
 * Benchmarks of the task-app starter: a mock OpenAI-compatible LLM ({@link MockLlm}), a
 * hand-written Reactor Netty rollout server doing the sample's work ({@link RawRolloutServer})
 * and the runner that compares the sample app with it ({@link BenchmarkRunner}). Each server
 * runs in its own JVM; traffic goes to 127.0.0.1 only.
 */
@NullMarked
package dev.taskapp.benchmarks;

import org.jspecify.annotations.NullMarked;
