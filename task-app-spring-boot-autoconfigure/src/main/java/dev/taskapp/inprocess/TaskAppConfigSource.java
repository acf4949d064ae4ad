package dev.taskapp.inprocess;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

import dev.taskapp.config.TaskAppConfig;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Where the {@link TaskAppConfig} of an {@link InProcessTaskApp} comes from: an instance, a
 * supplier called when the application starts, or a Spring configuration class that declares
 * it. Each registers what it needs with the application context, and all check that the
 * context ends up with exactly one {@code TaskAppConfig}.
 */
sealed interface TaskAppConfigSource {

	/** Name of the bean an instance or a supplier is registered as. */
	String BEAN_NAME = "inProcessTaskAppConfig";

	/**
	 * Returns the Spring configuration classes to add to the application's sources.
	 * @return the classes, empty for an instance or a supplier
	 */
	default Class<?>[] sources() {
		return new Class<?>[0];
	}

	/**
	 * Registers the config with a context before it is refreshed.
	 * @param context the context
	 */
	default void register(GenericApplicationContext context) {
		context.addBeanFactoryPostProcessor(new SingleConfigCheck(this));
	}

	/**
	 * Describes the source for messages.
	 * @return the description, such as {@code configClass com.example.MyTaskApp}
	 */
	String describe();

	/**
	 * A config instance.
	 *
	 * @param config the config
	 */
	record Instance(TaskAppConfig config) implements TaskAppConfigSource {

		public Instance {
			Objects.requireNonNull(config, "config must not be null");
		}

		@Override
		public void register(GenericApplicationContext context) {
			context.registerBean(BEAN_NAME, TaskAppConfig.class, this::config);
			TaskAppConfigSource.super.register(context);
		}

		@Override
		public String describe() {
			return "config '" + this.config.appId() + "'";
		}

	}

	/**
	 * A supplier of the config, called once while the application starts.
	 *
	 * @param supplier the supplier
	 */
	record FromSupplier(Supplier<TaskAppConfig> supplier) implements TaskAppConfigSource {

		public FromSupplier {
			Objects.requireNonNull(supplier, "configSupplier must not be null");
		}

		@Override
		public void register(GenericApplicationContext context) {
			context.registerBean(BEAN_NAME, TaskAppConfig.class, this::supply);
			TaskAppConfigSource.super.register(context);
		}

		private TaskAppConfig supply() {
			TaskAppConfig config = this.supplier.get();
			if (config == null) {
				throw new IllegalStateException("configSupplier returned null instead of a TaskAppConfig");
			}
			return config;
		}

		@Override
		public String describe() {
			return "configSupplier";
		}

	}

	/**
	 * A Spring configuration class that declares the config as a bean.
	 *
	 * @param configClass the class
	 */
	record FromClass(Class<?> configClass) implements TaskAppConfigSource {

		public FromClass {
			Objects.requireNonNull(configClass, "configClass must not be null");
		}

		@Override
		public Class<?>[] sources() {
			return new Class<?>[] { this.configClass };
		}

		@Override
		public String describe() {
			return "configClass " + this.configClass.getName();
		}

	}

	/**
	 * Fails the start before the web server is created unless the context declares exactly
	 * one {@code TaskAppConfig}: without one the auto-configuration would serve nothing.
	 */
	final class SingleConfigCheck implements BeanFactoryPostProcessor {

		private final TaskAppConfigSource source;

		SingleConfigCheck(TaskAppConfigSource source) {
			this.source = source;
		}

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			String[] names = beanFactory.getBeanNamesForType(TaskAppConfig.class, true, false);
			if (names.length == 0) {
				throw new IllegalStateException(this.source.describe() + " declares no TaskAppConfig bean:"
						+ " add a @Bean method that returns the TaskAppConfig to serve");
			}
			if (names.length > 1) {
				throw new IllegalStateException(this.source.describe() + " declares " + names.length
						+ " TaskAppConfig beans " + Arrays.toString(names) + ": a task app serves exactly one");
			}
		}

	}

}
