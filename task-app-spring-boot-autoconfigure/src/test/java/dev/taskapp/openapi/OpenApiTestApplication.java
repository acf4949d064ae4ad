package dev.taskapp.openapi;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.testsupport.ScriptedTaskApp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The scripted task app as a Spring Boot application, for tests of its OpenAPI document.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class OpenApiTestApplication {

	@Bean
	TaskAppConfig scriptedTaskApp() {
		return ScriptedTaskApp.reactive();
	}

}
