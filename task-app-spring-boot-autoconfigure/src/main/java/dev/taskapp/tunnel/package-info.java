/**
 * Making a running task app reachable: the tunnel modes and how start-up waits for them.
 */
@NullMarked
package dev.taskapp.tunnel;

import org.jspecify.annotations.NullMarked;
