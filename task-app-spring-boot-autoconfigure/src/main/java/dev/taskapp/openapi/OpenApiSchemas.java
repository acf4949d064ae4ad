package dev.taskapp.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small factories of JSON Schema objects, as the OpenAPI document writes them.
 */
public final class OpenApiSchemas {

	private OpenApiSchemas() {
	}

	/**
	 * Returns a reference to a schema of the document's components.
	 * @param name the schema's name
	 * @return the reference
	 */
	public static Map<String, Object> ref(String name) {
		return Map.of("$ref", "#/components/schemas/" + name);
	}

	/**
	 * Returns the schema of a string.
	 * @param description what the string holds
	 * @return the schema
	 */
	public static Map<String, Object> string(String description) {
		return typed("string", description);
	}

	/**
	 * Returns the schema of a string with one of the given values.
	 * @param description what the string holds
	 * @param values the allowed values
	 * @return the schema
	 */
	public static Map<String, Object> enumeration(String description, String... values) {
		Map<String, Object> schema = typed("string", description);
		schema.put("enum", List.of(values));
		return schema;
	}

	/**
	 * Returns the schema of a number.
	 * @param description what the number is
	 * @return the schema
	 */
	public static Map<String, Object> number(String description) {
		return typed("number", description);
	}

	/**
	 * Returns the schema of an integer.
	 * @param description what the integer is
	 * @return the schema
	 */
	public static Map<String, Object> integer(String description) {
		return typed("integer", description);
	}

	/**
	 * Returns the schema of a boolean.
	 * @param description what the boolean says
	 * @return the schema
	 */
	public static Map<String, Object> bool(String description) {
		return typed("boolean", description);
	}

	/**
	 * Returns the schema of an array.
	 * @param description what the array holds
	 * @param items the schema of its items
	 * @return the schema
	 */
	public static Map<String, Object> array(String description, Map<String, Object> items) {
		Map<String, Object> schema = typed("array", description);
		schema.put("items", items);
		return schema;
	}

	/**
	 * Returns the schema of a free-form object.
	 * @param description what the object holds
	 * @return the schema
	 */
	public static Map<String, Object> freeForm(String description) {
		Map<String, Object> schema = typed("object", description);
		schema.put("additionalProperties", true);
		return schema;
	}

	/**
	 * Returns the schema of an object with the given properties; further properties are
	 * allowed, as the contracts ask readers to ignore unknown fields.
	 * @param description what the object is
	 * @param properties the properties, in order
	 * @param required the names of the required properties
	 * @return the schema
	 */
	public static Map<String, Object> object(String description, Map<String, Object> properties,
			String... required) {
		Map<String, Object> schema = typed("object", description);
		schema.put("properties", properties);
		if (required.length > 0) {
			schema.put("required", List.of(required));
		}
		return schema;
	}

	/**
	 * Returns a schema that any of the given schemas satisfies.
	 * @param description what the value is
	 * @param alternatives the alternatives
	 * @return the schema
	 */
	@SafeVarargs
	public static Map<String, Object> oneOf(String description, Map<String, Object>... alternatives) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("description", description);
		schema.put("oneOf", List.of(alternatives));
		return schema;
	}

	/**
	 * Returns properties in the order given: name, schema, name, schema, ...
	 * @param namesAndSchemas the names and their schemas
	 * @return the properties
	 */
	public static Map<String, Object> properties(Object... namesAndSchemas) {
		if (namesAndSchemas.length % 2 != 0) {
			throw new IllegalArgumentException("properties takes names and schemas in pairs");
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < namesAndSchemas.length; i += 2) {
			properties.put((String) namesAndSchemas[i], namesAndSchemas[i + 1]);
		}
		return properties;
	}

	private static Map<String, Object> typed(String type, String description) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", type);
		schema.put("description", description);
		return schema;
	}

}
