package dev.taskapp.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskapp.tunnel.TaskAppUrl;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ResourceLoader;

/**
 * What the sample's jobs share: the task app's URL and credentials, the job settings, the
 * reading of the job's configuration, the elapsed time in progress lines, and the result of
 * the finished job. Jobs log under the {@link JobSubmitter}'s category.
 *
 * @param <R> the type of the result of a finished job
 */
abstract class AbstractSampleJob<R> implements SampleJob {

	static final Log logger = LogFactory.getLog(JobSubmitter.class);

	private final TaskAppUrl taskAppUrl;

	private final SampleProperties.Job settings;

	private final ResourceLoader resourceLoader;

	private final AtomicReference<@Nullable R> result = new AtomicReference<>();

	AbstractSampleJob(TaskAppUrl taskAppUrl, SampleProperties.Job settings, ResourceLoader resourceLoader) {
		this.taskAppUrl = taskAppUrl;
		this.settings = settings;
		this.resourceLoader = resourceLoader;
	}

	final TaskAppUrl taskAppUrl() {
		return this.taskAppUrl;
	}

	final SampleProperties.Job settings() {
		return this.settings;
	}

	/**
	 * Returns the result of the finished job.
	 * @return the result, or {@code null} while no job finished
	 */
	final @Nullable R result() {
		return this.result.get();
	}

	/**
	 * Keeps the result of a job that finished.
	 * @param result the result
	 */
	final void finished(R result) {
		this.result.set(result);
	}

	/**
	 * Reads a configuration resource.
	 * @param <T> the type of the configuration
	 * @param location the location of the resource
	 * @param what what the configuration is, for the message of a failure
	 * @param reader reads the configuration from the resource's content
	 * @return the configuration
	 * @throws UncheckedIOException if the resource cannot be read
	 */
	final <T> T readConfiguration(String location, String what, ConfigurationReader<T> reader) {
		try (InputStream input = this.resourceLoader.getResource(location).getInputStream()) {
			return reader.read(input);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the " + what + " " + location, ex);
		}
	}

	/**
	 * Formats the time since a start as {@code [mm:ss]}.
	 * @param startNanos the start, from {@link System#nanoTime()}
	 * @return the elapsed minutes and seconds
	 */
	static String elapsedSince(long startNanos) {
		long seconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
		return String.format(Locale.ROOT, "[%02d:%02d]", seconds / 60, seconds % 60);
	}

	/**
	 * Reads a configuration from the content of a resource.
	 *
	 * @param <T> the type of the configuration
	 */
	@FunctionalInterface
	interface ConfigurationReader<T> {

		T read(InputStream input) throws IOException;

	}

}
