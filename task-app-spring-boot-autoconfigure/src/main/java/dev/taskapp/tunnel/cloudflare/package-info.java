/**
 * The Cloudflare tunnel modes, {@code quick} and {@code named}: the {@code cloudflared}
 * process started from an argument array, its output drained for its whole life, its public
 * URL and readiness read from its metrics server, and its stop (SIGTERM, then a kill after a
 * grace period). A pidfile per process lets the next start end a cloudflared that a killed
 * JVM left behind, and nothing else.
 * <p>
 * Start with {@link dev.taskapp.tunnel.cloudflare.QuickTunnelBackend} or
 * {@link dev.taskapp.tunnel.cloudflare.NamedTunnelBackend} and a
 * {@link dev.taskapp.tunnel.cloudflare.CloudflaredSettings}.
 */
@NullMarked
package dev.taskapp.tunnel.cloudflare;

import org.jspecify.annotations.NullMarked;
