package dev.taskapp.tunnel.cloudflare;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.taskapp.tunnel.TunnelHandle;
import dev.taskapp.tunnel.TunnelListener;
import dev.taskapp.tunnel.TunnelRequest;

/**
 * A JVM that opens a quick tunnel with the fake cloudflared, prints {@code READY <pid>} and
 * waits to be killed, leaving its cloudflared behind: the test of stale pidfiles kills it.
 * Arguments: the fake binary and the pidfile directory.
 */
public final class CloudflaredOwnerMain {

	private CloudflaredOwnerMain() {
	}

	public static void main(String[] args) throws Exception {
		CloudflaredSettings settings = CloudflaredSettings.defaults()
			.withPath(args[0])
			.withPidfileDirectory(Path.of(args[1]))
			.withPollInterval(Duration.ofMillis(50));
		TunnelHandle handle = new QuickTunnelBackend(settings).open(new TunnelRequest("127.0.0.1", 8001,
				List.of("key"), Instant.now().plusSeconds(30), TunnelListener.NONE));
		System.out.println("READY " + ((CloudflaredTunnel) handle).pid());
		System.out.flush();
		new CountDownLatch(1).await();
	}

}
