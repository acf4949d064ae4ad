package dev.taskapp.inprocess.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.taskapp.config.TaskAppConfig;
import dev.taskapp.inprocess.InProcessTaskApp;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Turns a {@link TaskAppTest} annotation into the builder of its task app.
 */
final class AnnotatedTaskApp {

	private AnnotatedTaskApp() {
	}

	/**
	 * Returns the builder of the task app the annotation describes.
	 * @param annotation the annotation
	 * @param testClass the test class it was found on
	 * @return the builder
	 * @throws ExtensionConfigurationException if the annotation is not usable
	 */
	static InProcessTaskApp.Builder builder(TaskAppTest annotation, Class<?> testClass) {
		InProcessTaskApp.Builder builder = InProcessTaskApp.builder();
		List<String> given = new ArrayList<>();
		for (Class<? extends Supplier<TaskAppConfig>> supplier : annotation.value()) {
			given.add("value");
			builder.configSupplier(ReflectionSupport.newInstance(supplier));
		}
		if (!annotation.configMethod().isEmpty()) {
			given.add("configMethod");
			Method method = configMethod(testClass, annotation.configMethod());
			builder.configSupplier(() -> (TaskAppConfig) ReflectionSupport.invokeMethod(method, null));
		}
		for (Class<?> configClass : annotation.configClass()) {
			given.add("configClass");
			builder.configClass(configClass);
		}
		if (given.size() != 1) {
			throw new ExtensionConfigurationException("@TaskAppTest on " + testClass.getName()
					+ " must set exactly one of: value (a config supplier), configMethod, or configClass (got "
					+ (given.isEmpty() ? "none" : String.join(", ", given)) + ")");
		}
		for (String property : annotation.properties()) {
			int separator = separator(property);
			builder.property(property.substring(0, separator).trim(), property.substring(separator + 1).trim());
		}
		if (!annotation.apiKey().isEmpty()) {
			builder.apiKey(annotation.apiKey());
		}
		return builder.tunnelMode(annotation.tunnelMode())
			.port((annotation.port() != 0) ? annotation.port() : freePort())
			.autoFindPort(true);
	}

	private static Method configMethod(Class<?> testClass, String name) {
		String description = "@TaskAppTest configMethod '" + name + "' of " + testClass.getName();
		Method method = ReflectionSupport.findMethod(testClass, name)
			.orElseThrow(() -> new ExtensionConfigurationException(description + " names no method without arguments"));
		boolean isStatic = Modifier.isStatic(method.getModifiers());
		if (!isStatic || !TaskAppConfig.class.isAssignableFrom(method.getReturnType())) {
			throw new ExtensionConfigurationException(description + " must be static and return a TaskAppConfig");
		}
		return method;
	}

	private static int separator(String property) {
		int equals = property.indexOf('=');
		int colon = property.indexOf(':');
		int separator = (equals < 0) ? colon : (colon < 0) ? equals : Math.min(equals, colon);
		if (separator <= 0) {
			throw new ExtensionConfigurationException(
					"@TaskAppTest properties must be key=value or key:value, got '" + property + "'");
		}
		return separator;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port for the task app", ex);
		}
	}

}
