package dev.taskapp.contract;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON schema a policy answers with when its output mode is
 * {@link OutputMode#STRUCTURED}.
 *
 * @param schema the JSON schema of the answer
 * @param schemaName name of the schema, {@code response} by default
 * @param strict whether the answer must follow the schema strictly, {@code true} by default
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StructuredOutputConfig(@JsonProperty("schema") Map<String, Object> schema,
		@JsonProperty("schema_name") String schemaName, @JsonProperty("strict") boolean strict) {

	/** Default schema name. */
	public static final String DEFAULT_SCHEMA_NAME = "response";

	/**
	 * Creates a structured output config.
	 */
	public StructuredOutputConfig {
		schema = Maps.immutable(schema);
		schemaName = (schemaName != null) ? schemaName : DEFAULT_SCHEMA_NAME;
	}

}
