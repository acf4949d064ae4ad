package dev.taskapp.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The configuration of a prompt-learning job (GEPA or MIPRO): the TOML document the Synth SDK
 * reads with {@code uvx synth-ai train --type prompt_learning --config <file>}, dot-path
 * overrides merged into it at submission, and the task-app credentials the job needs.
 * <p>
 * It follows {@code PromptLearningJobConfig} and {@code PromptLearningJob.from_config} /
 * {@code from_dict} of the SDK ({@code synth_ai/sdk/api/train/prompt_learning.py}): the
 * document must have a {@code [prompt_learning]} table; overrides such as
 * {@code prompt_learning.gepa.rollout.budget} are merged into it before it is sent, and also
 * sent as the job's {@code overrides} ({@code build_prompt_learning_payload} in
 * {@code synth_ai/sdk/api/train/builders.py}). {@link #withTaskAppUrl(String)} and
 * {@link #withTaskAppApiKey(String)} set {@code prompt_learning.task_app_url} and
 * {@code prompt_learning.task_app_api_key}, as {@code run_in_process_job} does (contract
 * reference §6.6); {@link #withTaskAppWorkerToken(String)} carries the SynthTunnel worker token,
 * which is sent as a header, never inside the configuration.
 * <p>
 * Instances are immutable: every {@code with…} method returns a new configuration.
 * {@link #toString()} names the overridden paths but never a value, so no key leaks into a
 * log.
 * <pre class="code">
 * PromptLearningJobConfig config = PromptLearningJobConfig.load(Path.of("banking77-gepa.toml"))
 *     .withTaskAppUrl(taskAppUrl.get(Duration.ofMinutes(1)))
 *     .withTaskAppApiKey(taskAppUrl.apiKey())
 *     .withTaskAppWorkerToken(taskAppUrl.workerToken())
 *     .withOverride("prompt_learning.gepa.rollout.budget", 50);
 * </pre>
 */
public final class PromptLearningJobConfig {

	/** The table every prompt-learning configuration has. */
	public static final String PROMPT_LEARNING = "prompt_learning";

	/** Path of the task-app URL in the configuration. */
	public static final String TASK_APP_URL = PROMPT_LEARNING + ".task_app_url";

	/** Path of the task-app API key in the configuration. */
	public static final String TASK_APP_API_KEY = PROMPT_LEARNING + ".task_app_api_key";

	/** The algorithm assumed when the configuration names none, as the SDK assumes. */
	public static final String DEFAULT_ALGORITHM = "gepa";

	private static final TomlMapper TOML = TomlMapper.builder().build();

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final String source;

	private final Map<String, Object> document;

	private final Map<String, Object> overrides;

	private final @Nullable String workerToken;

	private PromptLearningJobConfig(String source, Map<String, Object> document, Map<String, Object> overrides,
			@Nullable String workerToken) {
		this.source = source;
		this.document = document;
		this.overrides = overrides;
		this.workerToken = workerToken;
	}

	/**
	 * Loads a configuration from a TOML file.
	 * @param path the file
	 * @return the configuration
	 * @throws IllegalArgumentException if the file does not exist, is not valid TOML or has no
	 * {@code [prompt_learning]} table
	 * @throws UncheckedIOException if the file cannot be read
	 */
	public static PromptLearningJobConfig load(Path path) {
		String toml;
		try {
			toml = Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			throw new IllegalArgumentException("Config file not found: " + path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read config file " + path, ex);
		}
		return parse(toml, path.toString());
	}

	/**
	 * Loads a configuration from a TOML stream, such as a class-path resource. The stream is
	 * read whole but not closed.
	 * @param input the TOML document, UTF-8
	 * @param name the name of the document, for messages
	 * @return the configuration
	 * @throws IllegalArgumentException if the document is not valid TOML or has no
	 * {@code [prompt_learning]} table
	 * @throws UncheckedIOException if the stream cannot be read
	 */
	public static PromptLearningJobConfig load(InputStream input, String name) {
		try {
			return parse(new String(input.readAllBytes(), StandardCharsets.UTF_8), name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read config " + name, ex);
		}
	}

	/**
	 * Parses a configuration from TOML text.
	 * @param toml the TOML document
	 * @param name the name of the document, for messages
	 * @return the configuration
	 * @throws IllegalArgumentException if the text is not valid TOML or has no
	 * {@code [prompt_learning]} table
	 */
	public static PromptLearningJobConfig parse(String toml, String name) {
		Map<String, Object> document;
		try {
			document = TOML.readValue(toml, MAP);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(name + " is not valid TOML: " + ex.getOriginalMessage());
		}
		return of((document != null) ? document : Map.of(), name);
	}

	/**
	 * Creates a configuration from a map shaped like the TOML document, as the SDK's
	 * {@code PromptLearningJob.from_dict} does.
	 * @param document the configuration, with a {@code prompt_learning} table
	 * @return the configuration
	 * @throws IllegalArgumentException if there is no {@code prompt_learning} table
	 */
	public static PromptLearningJobConfig of(Map<String, ?> document) {
		return of(document, "programmatic config");
	}

	private static PromptLearningJobConfig of(Map<String, ?> document, String source) {
		if (!(document.get(PROMPT_LEARNING) instanceof Map<?, ?>)) {
			throw new IllegalArgumentException(
					source + " must have a [" + PROMPT_LEARNING + "] table; found keys " + document.keySet());
		}
		return new PromptLearningJobConfig(source, DotPath.unmodifiableCopy(document), Map.of(), null);
	}

	/**
	 * Returns a configuration with one more override. Overrides are applied in the order they
	 * were added; a later one for the same path wins.
	 * @param path the dot-separated path, such as {@code prompt_learning.policy.model}
	 * @param value the value: a string, number, boolean, list or map
	 * @return the new configuration
	 * @throws IllegalArgumentException if the path is blank, has an empty segment, or runs
	 * through a value that is not a table
	 */
	public PromptLearningJobConfig withOverride(String path, Object value) {
		Objects.requireNonNull(value, "value must not be null");
		String key = String.join(".", DotPath.segments(path));
		Map<String, Object> overrides = new LinkedHashMap<>(this.overrides);
		overrides.remove(key);
		overrides.put(key, value);
		PromptLearningJobConfig config = new PromptLearningJobConfig(this.source, this.document,
				Collections.unmodifiableMap(overrides), this.workerToken);
		config.mergedDocument();
		return config;
	}

	/**
	 * Returns a configuration whose {@code prompt_learning.task_app_url} is the given URL.
	 * @param taskAppUrl the public URL of the task app
	 * @return the new configuration
	 */
	public PromptLearningJobConfig withTaskAppUrl(String taskAppUrl) {
		if (taskAppUrl.isBlank()) {
			throw new IllegalArgumentException("taskAppUrl must not be blank");
		}
		return withOverride(TASK_APP_URL, taskAppUrl.strip());
	}

	/**
	 * Returns a configuration whose {@code prompt_learning.task_app_api_key} is the given
	 * key. It is not sent for a SynthTunnel task-app URL.
	 * @param taskAppApiKey the key the task app accepts ({@code ENVIRONMENT_API_KEY})
	 * @return the new configuration
	 */
	public PromptLearningJobConfig withTaskAppApiKey(String taskAppApiKey) {
		String key = AuthHeaders.validated(taskAppApiKey, "Task app API key");
		if (key == null) {
			throw new IllegalArgumentException("taskAppApiKey must not be blank");
		}
		return withOverride(TASK_APP_API_KEY, key);
	}

	/**
	 * Returns a configuration with the given SynthTunnel worker token, sent with the job as
	 * {@code X-SynthTunnel-Worker-Token} (and in its metadata). Required when the task-app URL
	 * is a SynthTunnel URL.
	 * @param workerToken the token, such as {@code TaskAppUrl.workerToken()}; {@code null} or
	 * blank for none
	 * @return the new configuration
	 */
	public PromptLearningJobConfig withTaskAppWorkerToken(@Nullable String workerToken) {
		return new PromptLearningJobConfig(this.source, this.document, this.overrides,
				AuthHeaders.validated(workerToken, "Worker token"));
	}

	/**
	 * Returns the configuration as it is sent: the document with every override merged in.
	 * @return a new unmodifiable map
	 */
	public Map<String, Object> configBody() {
		return DotPath.unmodifiableCopy(mergedDocument());
	}

	/**
	 * Returns the document with the overrides merged in, as a fresh mutable map.
	 * @return the merged document
	 */
	Map<String, Object> mergedDocument() {
		Map<String, Object> merged = DotPath.mutableCopy(this.document);
		this.overrides.forEach((path, value) -> DotPath.set(merged, path, value));
		return merged;
	}

	/**
	 * Returns the overrides, in the order they were added.
	 * @return the overrides by dot-separated path, unmodifiable
	 */
	public Map<String, Object> overrides() {
		return this.overrides;
	}

	/**
	 * Returns the algorithm: {@code prompt_learning.algorithm}, lower case.
	 * @return the algorithm, {@value #DEFAULT_ALGORITHM} when the configuration names none
	 */
	public String algorithm() {
		Object algorithm = DotPath.get(mergedDocument(), PROMPT_LEARNING + ".algorithm");
		return (algorithm instanceof String name && !name.isBlank()) ? name.strip().toLowerCase(Locale.ROOT)
				: DEFAULT_ALGORITHM;
	}

	/**
	 * Returns the task-app URL the job will call: {@code prompt_learning.task_app_url} after the
	 * overrides.
	 * @return the URL, or {@code null} when neither the document nor an override sets one
	 */
	public @Nullable String taskAppUrl() {
		Object url = DotPath.get(mergedDocument(), TASK_APP_URL);
		return (url instanceof String text && !text.isBlank()) ? text.strip() : null;
	}

	/**
	 * Returns the SynthTunnel worker token.
	 * @return the token, or {@code null} when none was given
	 */
	public @Nullable String workerToken() {
		return this.workerToken;
	}

	/**
	 * Returns where the configuration came from, such as the file name.
	 * @return the source, for messages
	 */
	public String source() {
		return this.source;
	}

	@Override
	public String toString() {
		return "PromptLearningJobConfig[source=" + this.source + ", algorithm=" + algorithm() + ", overrides="
				+ this.overrides.keySet() + ", workerToken=" + ((this.workerToken != null) ? "******" : "unset") + "]";
	}

}
