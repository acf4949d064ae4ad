package dev.taskapp.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.taskapp.support.TaskAppJson;

/**
 * Builds the OpenAPI 3.1 document of a task app from the contributions of the contracts it
 * serves. Not thread-safe.
 */
public final class OpenApiDocumentBuilder {

	/** Name of the security scheme of the {@code X-API-Key} header. */
	public static final String API_KEY_SCHEME = "ApiKeyHeader";

	/** Name of the security scheme of the {@code X-API-Keys} header. */
	public static final String API_KEYS_SCHEME = "ApiKeysHeader";

	/** Name of the security scheme of {@code Authorization: Bearer}. */
	public static final String BEARER_SCHEME = "BearerAuth";

	private static final List<Map<String, List<String>>> ANY_KEY_HEADER = List.of(Map.of(API_KEY_SCHEME, List.of()),
			Map.of(API_KEYS_SCHEME, List.of()), Map.of(BEARER_SCHEME, List.of()));

	private final String title;

	private final String version;

	private final List<Map<String, Object>> tags = new ArrayList<>();

	private final Map<String, Map<String, Object>> paths = new TreeMap<>();

	private final Map<String, Object> schemas = new TreeMap<>();

	private String contract = "task-app";

	/**
	 * Creates a builder.
	 * @param title the title of the document, usually the app's name
	 * @param version the version of the app
	 */
	public OpenApiDocumentBuilder(String title, String version) {
		this.title = title;
		this.version = version;
	}

	/**
	 * Starts the operations of a contract; they are tagged with its name.
	 * @param name the contract's name, such as {@code task-app} or {@code container}
	 * @param description what the contract is
	 * @return this builder
	 */
	public OpenApiDocumentBuilder contract(String name, String description) {
		this.contract = name;
		this.tags.add(Map.of("name", name, "description", description));
		return this;
	}

	/**
	 * Adds an operation of the current contract.
	 * @param method the HTTP method, such as {@code GET}
	 * @param path the full path, base path included
	 * @param operation the operation
	 * @return this builder
	 * @throws IllegalStateException if the path already has an operation of that method
	 */
	public OpenApiDocumentBuilder operation(String method, String path, OpenApiOperation operation) {
		String lowerMethod = method.toLowerCase(Locale.ROOT);
		Map<String, Object> item = this.paths.computeIfAbsent(path, (key) -> new LinkedHashMap<>());
		if (item.containsKey(lowerMethod)) {
			throw new IllegalStateException(method + " " + path + " is documented twice");
		}
		item.put(lowerMethod, operation.toMap(operationId(lowerMethod, path), this.contract, ANY_KEY_HEADER));
		return this;
	}

	/**
	 * Adds a schema to the document's components; a schema of the same name is replaced.
	 * @param name the schema's name
	 * @param schema the schema
	 * @return this builder
	 */
	public OpenApiDocumentBuilder schema(String name, Map<String, Object> schema) {
		this.schemas.put(name, schema);
		return this;
	}

	/**
	 * Returns the document.
	 * @return the document as nested maps and lists
	 */
	public Map<String, Object> build() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("openapi", "3.1.0");
		document.put("info", Map.of("title", this.title, "version", this.version));
		document.put("tags", this.tags);
		document.put("paths", this.paths);
		Map<String, Object> components = new LinkedHashMap<>();
		components.put("schemas", this.schemas);
		components.put("securitySchemes", securitySchemes());
		document.put("components", components);
		return document;
	}

	/**
	 * Returns the document as JSON.
	 * @return the JSON bytes
	 */
	public byte[] toJson() {
		return TaskAppJson.mapper().writeValueAsBytes(build());
	}

	private static Map<String, Object> securitySchemes() {
		Map<String, Object> schemes = new LinkedHashMap<>();
		schemes.put(API_KEY_SCHEME, Map.of("type", "apiKey", "in", "header", "name", "X-API-Key"));
		schemes.put(API_KEYS_SCHEME, Map.of("type", "apiKey", "in", "header", "name", "X-API-Keys", "description",
				"Comma-separated keys; one accepted key is enough"));
		schemes.put(BEARER_SCHEME, Map.of("type", "http", "scheme", "bearer"));
		return schemes;
	}

	private static String operationId(String method, String path) {
		String words = path.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
		return method + (words.isEmpty() ? "_root" : "_" + words);
	}

}
