/**
 * Client of Synth's hosted-optimizer API ({@code /api/v1/optimizers/runs}), the way jobs are
 * submitted for an app that serves the container contract: submit a GEPA (or other) run with
 * its TOML or JSON configuration and the container's URL, headers and SynthTunnel lease, read
 * its status, follow its events (server-sent events resumed with {@code after_seq}, and the
 * NDJSON backfill), cancel it and wait for its terminal status.
 * <p>
 * Start with {@link dev.taskapp.client.optimizers.HostedOptimizerClient#builder(String)} and
 * {@link dev.taskapp.client.optimizers.OptimizerRunRequest}. Failures are
 * {@link dev.taskapp.client.optimizers.HostedOptimizerException}s, whose messages never contain
 * the Synth API key nor a container header value.
 */
@NullMarked
package dev.taskapp.client.optimizers;

import org.jspecify.annotations.NullMarked;
