package dev.taskapp.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * One operation of the OpenAPI document: what it does, whether it needs the API key, its
 * parameters, request body and answers. Not thread-safe; build it, then hand it to
 * {@link OpenApiDocumentBuilder#operation}.
 */
public final class OpenApiOperation {

	private final String summary;

	private boolean secured;

	private final List<Map<String, Object>> parameters = new ArrayList<>();

	private @Nullable String requestBodySchema;

	private final Map<String, Map<String, Object>> responses = new TreeMap<>();

	private OpenApiOperation(String summary) {
		this.summary = summary;
	}

	/**
	 * Starts an operation that needs no API key.
	 * @param summary what the operation does, in one line
	 * @return the operation
	 */
	public static OpenApiOperation open(String summary) {
		return new OpenApiOperation(summary);
	}

	/**
	 * Starts an operation that needs the API key when the given authentication is on. A secured
	 * operation also documents the answer to a missing or wrong key.
	 * @param summary what the operation does, in one line
	 * @param auth how the contract authenticates callers
	 * @return the operation
	 */
	public static OpenApiOperation secured(String summary, OpenApiAuth auth) {
		OpenApiOperation operation = new OpenApiOperation(summary);
		if (auth.enabled()) {
			operation.secured = true;
			operation.response(auth.failureStatus(), "API key missing or invalid", auth.failureSchema());
		}
		return operation;
	}

	/**
	 * Adds a query parameter.
	 * @param name the parameter's name
	 * @param schema its schema
	 * @return this operation
	 */
	public OpenApiOperation query(String name, Map<String, Object> schema) {
		return parameter("query", name, false, schema);
	}

	/**
	 * Adds a path parameter.
	 * @param name the parameter's name, as it appears in braces in the path
	 * @param schema its schema
	 * @return this operation
	 */
	public OpenApiOperation pathParameter(String name, Map<String, Object> schema) {
		return parameter("path", name, true, schema);
	}

	private OpenApiOperation parameter(String in, String name, boolean required, Map<String, Object> schema) {
		Map<String, Object> parameter = new LinkedHashMap<>();
		parameter.put("name", name);
		parameter.put("in", in);
		parameter.put("required", required);
		parameter.put("schema", schema);
		this.parameters.add(parameter);
		return this;
	}

	/**
	 * Sets the JSON request body.
	 * @param schemaName the name of its schema in the document's components
	 * @return this operation
	 */
	public OpenApiOperation requestBody(String schemaName) {
		this.requestBodySchema = schemaName;
		return this;
	}

	/**
	 * Adds an answer.
	 * @param status the HTTP status
	 * @param description when it is given
	 * @param schemaName the name of the schema of its JSON body, or {@code null} for no body
	 * @return this operation
	 */
	public OpenApiOperation response(int status, String description, @Nullable String schemaName) {
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("description", description);
		if (schemaName != null) {
			response.put("content", json(schemaName));
		}
		this.responses.put(String.valueOf(status), response);
		return this;
	}

	boolean isSecured() {
		return this.secured;
	}

	Map<String, Object> toMap(String operationId, String tag, List<Map<String, List<String>>> security) {
		Map<String, Object> operation = new LinkedHashMap<>();
		operation.put("tags", List.of(tag));
		operation.put("summary", this.summary);
		operation.put("operationId", operationId);
		if (!this.parameters.isEmpty()) {
			operation.put("parameters", this.parameters);
		}
		if (this.requestBodySchema != null) {
			operation.put("requestBody", Map.of("required", true, "content", json(this.requestBodySchema)));
		}
		operation.put("responses", this.responses);
		operation.put("security", this.secured ? security : List.of());
		return operation;
	}

	private static Map<String, Object> json(String schemaName) {
		return Map.of("application/json", Map.of("schema", OpenApiSchemas.ref(schemaName)));
	}

}
