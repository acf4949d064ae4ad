package dev.taskapp.inprocess;

import java.time.Duration;

import reactor.netty.resources.LoopResources;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The application an {@link InProcessTaskApp} runs: auto-configuration (the starter's routes,
 * tunnel and {@code TaskAppUrl}, plus Actuator and whatever else is on the class path) and no
 * component scan.
 * <p>
 * The server gets event loops of its own instead of Reactor Netty's global ones: a Spring
 * application disposes of the global loops when it stops, which would stop every other task
 * app of the JVM with it.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class InProcessTaskAppConfiguration {

	/** Prefix of the names of the server's event-loop threads. */
	static final String EVENT_LOOP_PREFIX = "task-app-http";

	@Bean
	@ConditionalOnMissingBean
	ReactorResourceFactory inProcessTaskAppReactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResourcesSupplier(() -> LoopResources.create(EVENT_LOOP_PREFIX));
		factory.setShutdownQuietPeriod(Duration.ZERO);
		return factory;
	}

}
