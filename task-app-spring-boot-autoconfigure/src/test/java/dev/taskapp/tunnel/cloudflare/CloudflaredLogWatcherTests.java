package dev.taskapp.tunnel.cloudflare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CloudflaredLogWatcher}, with lines as cloudflared prints them.
 */
class CloudflaredLogWatcherTests {

	private final CloudflaredLogWatcher watcher = new CloudflaredLogWatcher();

	@Test
	void quickTunnelUrlIsTakenFromTheCreatedBox() {
		this.watcher.accept("2023-01-16T08:32:58Z INF Requesting new quick Tunnel on trycloudflare.com...");
		this.watcher.accept("2023-01-16T08:32:58Z INF |  Your quick Tunnel has been created! Visit it at (it may take"
				+ " some time to be reachable):  |");
		this.watcher.accept("2023-01-16T08:32:58Z INF |  https://Oklahoma-Solo-Younger-Truck.trycloudflare.com"
				+ "                                     |");
		assertThat(this.watcher.quickTunnelUrl()).isEqualTo("https://oklahoma-solo-younger-truck.trycloudflare.com");
	}

	@Test
	void apiHostIsNeverTakenForTheTunnelUrl() {
		this.watcher.accept("failed to request quick Tunnel: Post \"https://api.trycloudflare.com/tunnel\": dial tcp:"
				+ " lookup api.trycloudflare.com: no such host");
		assertThat(this.watcher.quickTunnelUrl()).isNull();
		assertThat(this.watcher.failure()).startsWith("failed to request quick Tunnel");
		assertThat(this.watcher.rateLimited()).isFalse();
	}

	@Test
	void firstUrlWins() {
		this.watcher.accept("INF |  https://first-tunnel.trycloudflare.com  |");
		this.watcher.accept("INF |  https://second-tunnel.trycloudflare.com  |");
		assertThat(this.watcher.quickTunnelUrl()).isEqualTo("https://first-tunnel.trycloudflare.com");
	}

	@Test
	void rateLimitingIsRecognisedFromTheUnmarshalError() {
		this.watcher.accept("2024-06-01T10:00:00Z ERR Error unmarshaling QuickTunnel response: error code: 1015"
				+ " error=\"invalid character 'e' looking for beginning of value\" status_code=\"429 Too Many Requests\"");
		assertThat(this.watcher.rateLimited()).isTrue();
		assertThat(this.watcher.failure()).contains("1015");
	}

	@Test
	void numbersThatMerelyContain429AreNotRateLimiting() {
		this.watcher.accept("INF Registered tunnel connection connIndex=0 connection=7e4c429a-1b2c-4d5e-8f90-429429429429"
				+ " event=0 ip=198.41.192.7 location=fra08 protocol=quic");
		assertThat(this.watcher.rateLimited()).isFalse();
		assertThat(this.watcher.failure()).isNull();
		assertThat(this.watcher.connectionRegistered()).isTrue();
	}

}
