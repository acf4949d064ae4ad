package dev.taskapp.inprocess;

import java.util.Arrays;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the Spring application of an {@link InProcessTaskApp}: a reactive web application of
 * {@link InProcessTaskAppConfiguration} (plus the user's configuration class, if any), with
 * the builder's options as its highest-precedence properties and the task app's config
 * registered as a bean. It registers no shutdown hook of its own: {@link ShutdownSignals}
 * closes the task app, after its {@code onStop} callback.
 */
class TaskAppLauncher {

	/** Name of the property source that holds the builder's options. */
	static final String PROPERTY_SOURCE_NAME = "inProcessTaskApp";

	/**
	 * Starts the application; returns once its task app is reachable.
	 * @param options the options
	 * @return the running application
	 */
	ConfigurableApplicationContext launch(InProcessTaskAppOptions options) {
		Class<?>[] userSources = options.source().sources();
		Class<?>[] sources = Arrays.copyOf(userSources, userSources.length + 1);
		sources[userSources.length] = InProcessTaskAppConfiguration.class;
		return new SpringApplicationBuilder(sources).web(WebApplicationType.REACTIVE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.listeners(new OptionsPropertySource(options.applicationProperties()))
			.initializers(new ConfigRegistrar(options.source()))
			.run();
	}

	/**
	 * Puts the options ahead of every other property source, before the configuration files
	 * are read, so that none of them can change what the builder set.
	 */
	private static final class OptionsPropertySource
			implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

		private final Map<String, Object> properties;

		OptionsPropertySource(Map<String, Object> properties) {
			this.properties = properties;
		}

		@Override
		public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
			MapPropertySource options = new MapPropertySource(PROPERTY_SOURCE_NAME, this.properties);
			event.getEnvironment().getPropertySources().addFirst(options);
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	/**
	 * Registers the task app's config with the context before it is refreshed.
	 */
	private static final class ConfigRegistrar implements ApplicationContextInitializer<GenericApplicationContext> {

		private final TaskAppConfigSource source;

		ConfigRegistrar(TaskAppConfigSource source) {
			this.source = source;
		}

		@Override
		public void initialize(GenericApplicationContext context) {
			this.source.register(context);
		}

	}

}
