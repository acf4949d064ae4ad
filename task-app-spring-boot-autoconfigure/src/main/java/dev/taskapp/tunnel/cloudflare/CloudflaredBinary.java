package dev.taskapp.tunnel.cloudflare;

import java.nio.file.Path;

/**
 * A cloudflared binary that answered {@code --version}.
 *
 * @param path where it is
 * @param version the first line it printed for {@code --version}, such as
 * {@code cloudflared version 2026.8.2 (built 2026-08-20-1200 UTC)}
 */
record CloudflaredBinary(Path path, String version) {

}
