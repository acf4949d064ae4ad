package dev.taskapp.checker;

import java.util.stream.Stream;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.inprocess.InProcessTaskApp;
import dev.taskapp.inprocess.junit.TaskAppTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JUnit 5 entry point as the README shows it: the checks of a {@code @TaskAppTest} task
 * app, one dynamic test each.
 */
@TaskAppTest(configMethod = "taskApp")
class TaskAppTestConformanceTests {

	static TaskAppConfig taskApp() {
		return CheckedTaskApp.config(true);
	}

	@TestFactory
	Stream<DynamicTest> conformsToTheTaskAppContract(InProcessTaskApp app) {
		return TaskAppConformance.of(app.url()).apiKey(app.apiKey()).dynamicTests();
	}

}
