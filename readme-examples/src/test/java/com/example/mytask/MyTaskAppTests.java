package com.example.mytask;

// tag::task-app-test[]
import dev.taskapp.client.TaskAppClient;
import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.inprocess.junit.TaskAppTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@TaskAppTest(configMethod = "taskApp")   // or @TaskAppTest(MyConfigSupplier.class), or configClass = ...
class MyTaskAppTests {

	static TaskAppConfig taskApp() {
		return MyTaskApp.config();
	}

	@Test
	void passesTheSdkHealthCheck(TaskAppClient client) {
		assertThat(client.health().block().ok()).isTrue();
	}

}
// end::task-app-test[]
