package dev.taskapp.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON answer of a task-app route, independent of the server that sends it.
 *
 * @param status the HTTP status
 * @param body the JSON body
 * @param headers further headers, {@code Content-Type} excluded
 */
record RouteResponse(int status, byte[] body, Map<String, String> headers) {

	RouteResponse {
		headers = Map.copyOf(headers);
	}

	static RouteResponse json(int status, byte[] body) {
		return new RouteResponse(status, body, Map.of());
	}

	RouteResponse withHeader(String name, String value) {
		Map<String, String> withHeader = new LinkedHashMap<>(this.headers);
		withHeader.put(name, value);
		return new RouteResponse(this.status, this.body, withHeader);
	}

}
