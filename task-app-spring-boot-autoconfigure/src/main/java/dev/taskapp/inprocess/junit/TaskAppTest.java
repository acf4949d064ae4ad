package dev.taskapp.inprocess.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;

import dev.taskapp.config.TaskAppConfig;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a task app for a test class, in process, on a free port of the loopback address,
 * and stops it after the class's last test. Test methods, constructors and lifecycle methods
 * get it injected as a parameter of type {@link dev.taskapp.client.TaskAppClient} (with the
 * app's key and worker token), {@link dev.taskapp.tunnel.TaskAppUrl} or
 * {@link dev.taskapp.inprocess.InProcessTaskApp}. {@code @Nested} classes share the task app
 * of the class they are nested in.
 * <p>
 * The config comes from exactly one of a {@link Supplier} class ({@link #value()}), a static
 * method of the test class ({@link #configMethod()}) or a Spring configuration class
 * ({@link #configClass()}):
 *
 * <pre class="code">
 * &#64;TaskAppTest(configMethod = "taskApp")
 * class MyTaskAppTests {
 *
 *     static TaskAppConfig taskApp() {
 *         return MyTaskApp.config();
 *     }
 *
 *     &#64;Test
 *     void passesTheSdkHealthCheck(TaskAppClient client) {
 *         assertThat(client.health().block().ok()).isTrue();
 *     }
 *
 * }
 * </pre>
 */
@Target({ ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TaskAppExtension.class)
public @interface TaskAppTest {

	/**
	 * The supplier of the config: a class with a no-argument constructor, called once when the
	 * task app starts.
	 * @return the supplier class, or none
	 */
	Class<? extends Supplier<TaskAppConfig>>[] value() default {};

	/**
	 * The name of a static method of the test class, without parameters, that returns the
	 * config.
	 * @return the method name, or empty for none
	 */
	String configMethod() default "";

	/**
	 * A Spring configuration class that declares the config as a bean.
	 * @return the configuration class, or none
	 */
	Class<?>[] configClass() default {};

	/**
	 * Properties of the task app, in the form {@code key=value} or {@code key:value}, such as
	 * {@code task-app.base-path=/task}.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * How the task app is made reachable, by name; {@code local} by default.
	 * @return the tunnel mode
	 */
	String tunnelMode() default "local";

	/**
	 * The port to listen on; 0, the default, for a free one.
	 * @return the port
	 */
	int port() default 0;

	/**
	 * The API key callers must present; empty, the default, for the usual resolution
	 * ({@code ENVIRONMENT_API_KEY}, else a minted key). The injected client always sends the
	 * right one.
	 * @return the API key
	 */
	String apiKey() default "";

}
