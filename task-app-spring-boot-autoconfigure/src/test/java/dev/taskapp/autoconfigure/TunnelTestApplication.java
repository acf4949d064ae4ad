package dev.taskapp.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;
import dev.taskapp.tunnel.TaskAppUrlReadyEvent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * A task app whose tunnel tests start it as a real application.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TunnelTestApplication {

	final List<TaskAppUrlReadyEvent> readyEvents = new CopyOnWriteArrayList<>();

	@Bean
	TaskAppConfig scriptedTaskApp() {
		return ScriptedTaskApp.reactive();
	}

	@EventListener
	void onReady(TaskAppUrlReadyEvent event) {
		this.readyEvents.add(event);
	}

}
