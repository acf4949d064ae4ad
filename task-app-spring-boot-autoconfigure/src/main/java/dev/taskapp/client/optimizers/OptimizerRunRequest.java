package dev.taskapp.client.optimizers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * What {@link HostedOptimizerClient#submit(OptimizerRunRequest)} sends to
 * {@code POST /api/v1/optimizers/runs}: the algorithm, the run's configuration (a GEPA v2 TOML
 * document or a JSON object), and where the container is: its URL, the headers the optimiser
 * sends it, and the SynthTunnel lease whose worker token the backend refreshes.
 * <p>
 * It follows {@code HostedOptimizerClient.submit_gepa_toml} and {@code _with_tunnel_container}
 * of {@code synth_optimizers/hosted.py}: a TOML configuration whose container is left as it is
 * goes as {@code config_toml}; once the container is set here it is parsed and goes as
 * {@code config_json} with {@code container.url} and {@code container.headers} filled in. With a
 * SynthTunnel lease, {@code Authorization} and {@code X-API-Key} headers are dropped (the tunnel
 * strips them), {@code container.auth_refresh} becomes
 * {@code {provider: "synth_tunnel", lease_id, refresh_interval_seconds: 900}}, and a
 * configuration that also names a container {@code pool}, {@code auth_bearer_env} or its own
 * {@code auth_refresh} is refused.
 * <p>
 * Instances are immutable; {@link #toString()} names header names, never their values.
 * <pre class="code">
 * OptimizerRunRequest request = OptimizerRunRequest.gepaToml(Files.readString(Path.of("banking77-gepa-v2.toml")))
 *     .withContainerUrl(taskAppUrl.get(Duration.ofMinutes(1)))
 *     .withContainerHeader("Authorization", "Bearer " + taskAppUrl.apiKey())
 *     .withSynthTunnelLease(taskAppUrl.tunnelLeaseId());
 * </pre>
 */
public final class OptimizerRunRequest {

	/** The algorithm of {@link #gepaToml(String)}. */
	public static final String GEPA = "gepa";

	/** How often the backend refreshes a SynthTunnel worker token, as {@code hosted.py} asks. */
	public static final int TUNNEL_REFRESH_INTERVAL_SECONDS = 900;

	private static final TomlMapper TOML = TomlMapper.builder().build();

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final List<String> TUNNEL_STRIPPED_HEADERS = List.of("authorization", "x-api-key");

	private final String algorithm;

	private final @Nullable String configToml;

	private final @Nullable Map<String, Object> configJson;

	private final @Nullable String containerUrl;

	private final Map<String, String> containerHeaders;

	private final @Nullable String leaseId;

	private final Map<String, String> options;

	private OptimizerRunRequest(String algorithm, @Nullable String configToml, @Nullable Map<String, Object> configJson,
			@Nullable String containerUrl, Map<String, String> containerHeaders, @Nullable String leaseId,
			Map<String, String> options) {
		this.algorithm = algorithm;
		this.configToml = configToml;
		this.configJson = configJson;
		this.containerUrl = containerUrl;
		this.containerHeaders = containerHeaders;
		this.leaseId = leaseId;
		this.options = options;
	}

	/**
	 * Creates a GEPA run from a TOML document.
	 * @param configToml the document, such as a GEPA v2 config with {@code [container]},
	 * {@code [taskset]}, {@code [candidate]}, {@code [policy]} and {@code [gepa]} tables
	 * @return the request
	 * @throws IllegalArgumentException if the text is blank or not valid TOML
	 */
	public static OptimizerRunRequest gepaToml(String configToml) {
		return toml(GEPA, configToml);
	}

	/**
	 * Creates a run of any algorithm from a TOML document.
	 * @param algorithm the algorithm, such as {@code gepa} or {@code go-ex}
	 * @param configToml the document
	 * @return the request
	 * @throws IllegalArgumentException if the algorithm or the text is blank, or the text is not
	 * valid TOML
	 */
	public static OptimizerRunRequest toml(String algorithm, String configToml) {
		if (configToml == null || configToml.isBlank()) {
			throw new IllegalArgumentException("config_toml must not be blank");
		}
		parse(configToml);
		return new OptimizerRunRequest(requireAlgorithm(algorithm), configToml, null, null, Map.of(), null, Map.of());
	}

	/**
	 * Creates a run of any algorithm from a TOML stream, such as a class-path resource. The
	 * stream is read whole but not closed.
	 * @param algorithm the algorithm
	 * @param input the TOML document, UTF-8
	 * @return the request
	 */
	public static OptimizerRunRequest toml(String algorithm, InputStream input) {
		try {
			return toml(algorithm, new String(input.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the optimizer configuration", ex);
		}
	}

	/**
	 * Creates a run from a JSON-shaped configuration, sent as {@code config_json}.
	 * @param algorithm the algorithm
	 * @param configJson the configuration
	 * @return the request
	 */
	public static OptimizerRunRequest json(String algorithm, Map<String, ?> configJson) {
		Objects.requireNonNull(configJson, "configJson must not be null");
		return new OptimizerRunRequest(requireAlgorithm(algorithm), null, mutableCopy(configJson), null, Map.of(), null,
				Map.of());
	}

	/**
	 * Returns a request whose container is reached at the given URL ({@code container.url}).
	 * @param url the public URL of the container
	 * @return the new request
	 */
	public OptimizerRunRequest withContainerUrl(String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("container url must not be blank");
		}
		return new OptimizerRunRequest(this.algorithm, this.configToml, this.configJson, url.strip(),
				this.containerHeaders, this.leaseId, this.options);
	}

	/**
	 * Returns a request that sends one more header to the container ({@code container.headers}),
	 * such as {@code Authorization: Bearer <task-app key>}. The value is a secret: it never
	 * appears in {@link #toString()} or an exception message.
	 * @param name the header name
	 * @param value the header value
	 * @return the new request
	 */
	public OptimizerRunRequest withContainerHeader(String name, String value) {
		if (name == null || name.isBlank() || value == null || value.isBlank()) {
			throw new IllegalArgumentException("container header name and value must not be blank");
		}
		Map<String, String> headers = new LinkedHashMap<>(this.containerHeaders);
		headers.put(name.strip(), value.strip());
		return new OptimizerRunRequest(this.algorithm, this.configToml, this.configJson, this.containerUrl,
				Map.copyOf(headers), this.leaseId, this.options);
	}

	/**
	 * Returns a request whose container is reached through the given SynthTunnel lease: the
	 * backend refreshes the lease's worker token itself ({@code container.auth_refresh}).
	 * @param leaseId the lease id, such as {@code TaskAppUrl.tunnelLeaseId()}; {@code null} or
	 * blank for none
	 * @return the new request
	 */
	public OptimizerRunRequest withSynthTunnelLease(@Nullable String leaseId) {
		String lease = (leaseId != null && !leaseId.isBlank()) ? leaseId.strip() : null;
		return new OptimizerRunRequest(this.algorithm, this.configToml, this.configJson, this.containerUrl,
				this.containerHeaders, lease, this.options);
	}

	/**
	 * Returns a request that asks for the given run id ({@code run_id}).
	 * @param runId the run id
	 * @return the new request
	 */
	public OptimizerRunRequest withRunId(String runId) {
		return withOption("run_id", runId);
	}

	/**
	 * Returns a request with an idempotency key ({@code idempotency_key}): a second submission
	 * with the same key returns the first run.
	 * @param idempotencyKey the key
	 * @return the new request
	 */
	public OptimizerRunRequest withIdempotencyKey(String idempotencyKey) {
		return withOption("idempotency_key", idempotencyKey);
	}

	/**
	 * Returns a request for the given project ({@code project_id}).
	 * @param projectId the project
	 * @return the new request
	 */
	public OptimizerRunRequest withProjectId(String projectId) {
		return withOption("project_id", projectId);
	}

	private OptimizerRunRequest withOption(String name, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
		Map<String, String> options = new LinkedHashMap<>(this.options);
		options.put(name, value.strip());
		return new OptimizerRunRequest(this.algorithm, this.configToml, this.configJson, this.containerUrl,
				this.containerHeaders, this.leaseId, Map.copyOf(options));
	}

	/**
	 * Returns the algorithm.
	 * @return the algorithm, lower case
	 */
	public String algorithm() {
		return this.algorithm;
	}

	/**
	 * Returns the container URL the run is given.
	 * @return {@code container.url} after this request's changes, or {@code null} if none
	 */
	public @Nullable String containerUrl() {
		Object container = configJson().get("container");
		Map<String, Object> table = JsonValues.asMap(container);
		return (table != null) ? JsonValues.text(table.get("url")) : null;
	}

	/**
	 * Returns the configuration as it is sent (as {@code config_json}, whatever its source).
	 * @return a fresh mutable map
	 */
	Map<String, Object> configJson() {
		Map<String, Object> config = (this.configJson != null) ? mutableCopy(this.configJson)
				: parse(Objects.requireNonNull(this.configToml));
		if (!changesContainer()) {
			return config;
		}
		Map<String, Object> container = JsonValues.asMap(config.get("container"));
		if (container == null) {
			if (config.get("container") != null) {
				throw new IllegalArgumentException("the config's container must be a table");
			}
			container = new LinkedHashMap<>();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		Map<String, Object> existing = JsonValues.asMap(container.get("headers"));
		if (existing != null) {
			existing.forEach((name, value) -> headers.put(name, String.valueOf(value)));
		}
		headers.putAll(this.containerHeaders);
		if (this.leaseId != null) {
			refuseWithTunnel(container, "pool", container.get("pool") != null);
			refuseWithTunnel(container, "auth_bearer_env", JsonValues.text(container.get("auth_bearer_env")) != null);
			Map<String, Object> refresh = JsonValues.asMap(container.get("auth_refresh"));
			refuseWithTunnel(container, "auth_refresh",
					container.get("auth_refresh") != null && (refresh == null || !refresh.isEmpty()));
			headers.keySet().removeIf((name) -> TUNNEL_STRIPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT)));
			Map<String, Object> authRefresh = new LinkedHashMap<>();
			authRefresh.put("provider", "synth_tunnel");
			authRefresh.put("lease_id", this.leaseId);
			authRefresh.put("refresh_interval_seconds", TUNNEL_REFRESH_INTERVAL_SECONDS);
			container.put("auth_refresh", authRefresh);
		}
		if (this.containerUrl != null) {
			container.put("url", this.containerUrl);
		}
		if (headers.isEmpty()) {
			container.remove("headers");
		}
		else {
			container.put("headers", headers);
		}
		config.put("container", container);
		return config;
	}

	private static void refuseWithTunnel(Map<String, Object> container, String key, boolean present) {
		if (present) {
			throw new IllegalArgumentException("A SynthTunnel lease cannot be combined with the config's container."
					+ key + "; remove it from the config");
		}
	}

	/**
	 * Returns the body of {@code POST /api/v1/optimizers/runs}.
	 * @return the body
	 * @throws IllegalArgumentException if the configuration's container cannot take the
	 * requested changes
	 */
	Map<String, Object> body() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("algorithm", this.algorithm);
		if (this.configToml != null && !changesContainer()) {
			body.put("config_toml", this.configToml);
		}
		else {
			body.put("config_json", configJson());
		}
		body.putAll(this.options);
		return body;
	}

	/**
	 * Returns every value that must never be shown: the container header values and any
	 * header value the configuration itself carries.
	 * @return the secrets
	 */
	List<String> secrets() {
		List<String> secrets = new java.util.ArrayList<>(this.containerHeaders.values());
		for (String value : this.containerHeaders.values()) {
			if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
				secrets.add(value.substring(7).strip());
			}
		}
		return secrets;
	}

	private boolean changesContainer() {
		return this.containerUrl != null || !this.containerHeaders.isEmpty() || this.leaseId != null;
	}

	private static String requireAlgorithm(String algorithm) {
		if (algorithm == null || algorithm.isBlank()) {
			throw new IllegalArgumentException("algorithm must not be blank");
		}
		return algorithm.strip().toLowerCase(Locale.ROOT);
	}

	private static Map<String, Object> parse(String toml) {
		try {
			Map<String, Object> document = TOML.readValue(toml, MAP);
			return (document != null) ? document : new LinkedHashMap<>();
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The optimizer configuration is not valid TOML: " + ex.getOriginalMessage());
		}
	}

	private static Map<String, Object> mutableCopy(Map<String, ?> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			Map<String, Object> nested = JsonValues.asMap(value);
			copy.put(key, (nested != null) ? mutableCopy(nested) : value);
		});
		return copy;
	}

	@Override
	public String toString() {
		return "OptimizerRunRequest[algorithm=" + this.algorithm + ", config="
				+ ((this.configToml != null) ? "toml" : "json") + ", containerUrl=" + this.containerUrl
				+ ", containerHeaders=" + this.containerHeaders.keySet() + ", synthTunnelLease="
				+ ((this.leaseId != null) ? this.leaseId : "none") + ", options=" + this.options.keySet() + "]";
	}

}
