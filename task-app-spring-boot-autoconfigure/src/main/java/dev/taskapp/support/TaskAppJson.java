package dev.taskapp.support;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper of the wire contract. The starter reads and writes contract bodies with its
 * own mapper so that an application's global Jackson settings (naming strategy, inclusion,
 * indentation) never change the wire format.
 */
public final class TaskAppJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private TaskAppJson() {
	}

	/**
	 * Returns the contract mapper: unknown properties ignored, every property written.
	 * @return the mapper
	 */
	public static JsonMapper mapper() {
		return MAPPER;
	}

}
