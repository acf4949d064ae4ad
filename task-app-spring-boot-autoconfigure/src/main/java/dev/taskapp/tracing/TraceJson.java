package dev.taskapp.tracing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;

/**
 * Plain JSON values (maps, lists, strings, numbers, booleans, {@code null}) for traces: what a
 * handler records may hold records or other beans, so it is turned into plain JSON once, with
 * the contract's mapper.
 */
final class TraceJson {

	private TraceJson() {
	}

	static @Nullable Object normalize(@Nullable Object value) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		return TaskAppJson.mapper().convertValue(value, Object.class);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> object(@Nullable Object value) {
		Object normalized = normalize(value);
		if (normalized instanceof Map<?, ?> map) {
			return Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) map));
		}
		return Map.of();
	}

	static @Nullable Map<String, Object> objectOrNull(@Nullable Object value) {
		return (value != null) ? object(value) : null;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> objects(@Nullable Object value) {
		Object normalized = normalize(value);
		if (!(normalized instanceof List<?> list) || list.isEmpty()) {
			return List.of();
		}
		List<Map<String, Object>> objects = new ArrayList<>(list.size());
		for (Object element : list) {
			if (element instanceof Map<?, ?> map) {
				objects.add(Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) map)));
			}
		}
		return Collections.unmodifiableList(objects);
	}

	@SuppressWarnings("unchecked")
	static @Nullable Map<String, Object> read(byte[] json) {
		Object value = TaskAppJson.mapper().readValue(json, Object.class);
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : null;
	}

	static String write(@Nullable Object value) {
		return TaskAppJson.mapper().writeValueAsString(value);
	}

	static @Nullable String string(Map<String, Object> map, String key) {
		return (map.get(key) instanceof String value) ? value : null;
	}

	static @Nullable Map<String, Object> child(Map<String, Object> map, String key) {
		@SuppressWarnings("unchecked")
		Map<String, Object> child = (map.get(key) instanceof Map<?, ?> value) ? (Map<String, Object>) value : null;
		return child;
	}

}
