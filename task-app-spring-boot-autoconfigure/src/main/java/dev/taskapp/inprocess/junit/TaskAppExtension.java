package dev.taskapp.inprocess.junit;

import java.util.Optional;
import java.util.Set;

import dev.taskapp.client.TaskAppClient;
import dev.taskapp.inprocess.InProcessTaskApp;
import dev.taskapp.tunnel.TaskAppUrl;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link TaskAppTest}: starts the task app before the
 * first test of the annotated class (or when its constructor asks for it), injects it, and
 * closes it after the class's last test.
 */
public class TaskAppExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(TaskAppExtension.class);

	private static final Set<Class<?>> INJECTED_TYPES = Set.of(InProcessTaskApp.class, TaskAppUrl.class,
			TaskAppClient.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		ExtensionContext owner = owner(context);
		if (owner == null) {
			throw new ExtensionConfigurationException(
					"TaskAppExtension needs @TaskAppTest on " + context.getRequiredTestClass().getName());
		}
		if (owner == context) {
			taskApp(owner);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (annotation(context).isPresent()) {
			InProcessTaskApp app = context.getStore(NAMESPACE)
				.remove(context.getRequiredTestClass(), InProcessTaskApp.class);
			if (app != null) {
				app.close();
			}
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return INJECTED_TYPES.contains(parameterContext.getParameter().getType()) && owner(extensionContext) != null;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		ExtensionContext owner = owner(extensionContext);
		if (owner == null) {
			throw new ExtensionConfigurationException("No @TaskAppTest class to inject a task app from");
		}
		InProcessTaskApp app = taskApp(owner);
		Class<?> type = parameterContext.getParameter().getType();
		if (type == TaskAppUrl.class) {
			return app.taskAppUrl();
		}
		if (type == TaskAppClient.class) {
			return client(app);
		}
		return app;
	}

	private static TaskAppClient client(InProcessTaskApp app) {
		TaskAppUrl url = app.taskAppUrl();
		return TaskAppClient.builder(app.url())
			.apiKey(url.apiKey())
			.apiKeyAliases(url.apiKeys().subList(1, url.apiKeys().size()))
			.workerToken(app.workerToken())
			.build();
	}

	/**
	 * Returns the task app of the annotated class of the given class context, starting it
	 * the first time.
	 */
	private static InProcessTaskApp taskApp(ExtensionContext owner) {
		Class<?> testClass = owner.getRequiredTestClass();
		ExtensionContext.Store store = owner.getStore(NAMESPACE);
		InProcessTaskApp app = store.get(testClass, InProcessTaskApp.class);
		if (app == null) {
			TaskAppTest annotation = annotation(owner).orElseThrow();
			app = AnnotatedTaskApp.builder(annotation, testClass).start();
			store.put(testClass, app);
		}
		return app;
	}

	/**
	 * Returns the class context nearest to the given one whose class carries
	 * {@link TaskAppTest}: the class itself, or a class it is nested in.
	 */
	private static @Nullable ExtensionContext owner(ExtensionContext context) {
		for (ExtensionContext candidate = context; candidate != null; candidate = candidate.getParent().orElse(null)) {
			if (candidate.getTestMethod().isEmpty() && candidate.getTestClass().isPresent()
					&& annotation(candidate).isPresent()) {
				return candidate;
			}
		}
		return null;
	}

	private static Optional<TaskAppTest> annotation(ExtensionContext context) {
		return context.getTestClass().flatMap((type) -> AnnotationSupport.findAnnotation(type, TaskAppTest.class));
	}

}
