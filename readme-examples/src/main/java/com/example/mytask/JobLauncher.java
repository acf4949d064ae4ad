package com.example.mytask;

// tag::task-app-url[]
import java.time.Duration;

import dev.taskapp.tunnel.TaskAppUrl;
import dev.taskapp.tunnel.TaskAppUrlReadyEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

@Component
class JobLauncher {

	private static final Log logger = LogFactory.getLog(JobLauncher.class);

	private final TaskAppUrl taskApp;

	JobLauncher(TaskAppUrl taskApp) {
		this.taskApp = taskApp;
	}

	@EventListener
	void onReady(TaskAppUrlReadyEvent event) {
		String url = this.taskApp.get(Duration.ofSeconds(5));   // also: taskApp.url() as a Mono
		String key = this.taskApp.apiKey();                     // the task-app key (minted if none is configured)
		String workerToken = this.taskApp.workerToken();        // SynthTunnel only: send as X-SynthTunnel-Worker-Token
		logger.info("Ready to submit jobs to " + url + (workerToken != null ? " through SynthTunnel" : ""));
		// submit a prompt-learning job with task_app_url = url and task_app_api_key = key ...
	}

}
// end::task-app-url[]
