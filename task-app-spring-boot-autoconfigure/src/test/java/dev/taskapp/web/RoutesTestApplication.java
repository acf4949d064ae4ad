package dev.taskapp.web;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The scripted task app as a Spring Boot application, for tests through a real server.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class RoutesTestApplication {

	@Bean
	TaskAppConfig scriptedTaskApp() {
		return ScriptedTaskApp.reactive();
	}

}
