/**
 * SynthTunnel: a public route leased from the Synth backend and served by an in-process agent
 * that holds a WebSocket to the Synth relay and forwards each public request to the local
 * server.
 */
@NullMarked
package dev.taskapp.tunnel.synth;

import org.jspecify.annotations.NullMarked;
