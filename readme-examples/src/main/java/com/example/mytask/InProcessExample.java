package com.example.mytask;

import dev.taskapp.client.TaskAppClient;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.inprocess.InProcessTaskApp;
import dev.taskapp.tunnel.TunnelMode;

/**
 * Starts the task app without a Spring Boot application of its own, checks it, and stops it.
 */
public final class InProcessExample {

	private InProcessExample() {
	}

	public static void main(String[] args) {
		run(8114);
	}

	/**
	 * Runs the example on the given port (or the next free one).
	 * @param port the port
	 * @return whether the task app passed the SDK's health check
	 */
	static boolean run(int port) {
		// tag::in-process[]
		TaskAppConfig config = MyTaskApp.config();

		try (InProcessTaskApp app = InProcessTaskApp.builder()
				.config(config)                     // or .configSupplier(() -> ...) or .configClass(MyTaskApp.class)
				.port(port)                         // default 8114; a busy port moves to the next free one
				.tunnelMode(TunnelMode.LOCAL)       // the default; QUICK or SYNTHTUNNEL for a public URL
				.start()) {                         // returns once the URL is verified
			String url = app.url();                 // public URL (local URL in local mode)
			String key = app.apiKey();              // task_app_api_key (minted if none is configured)
			TaskAppClient client = TaskAppClient.builder(url).apiKey(key).build();
			boolean healthy = client.health().block().ok();
			System.out.println("Task app at " + url + (healthy ? " is healthy" : " is not healthy"));
			// submit a prompt-learning job with task_app_url = url ...
			return healthy;
		}                                           // tunnel, then server stopped
		// end::in-process[]
	}

}
