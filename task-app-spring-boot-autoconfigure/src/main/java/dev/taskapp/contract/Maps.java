package dev.taskapp.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.support.JsonObjectMap;
import org.jspecify.annotations.Nullable;

/**
 * Defensive copies for the free-form parts of the wire records. JSON objects may hold
 * {@code null} values, so {@link Map#copyOf} cannot be used. An object the request reader
 * built ({@link JsonObjectMap}) is immutable already and kept as it is.
 */
final class Maps {

	private Maps() {
	}

	static <V> Map<String, V> immutable(@Nullable Map<String, V> map) {
		if (map == null || map.isEmpty()) {
			return Map.of();
		}
		if (map instanceof JsonObjectMap) {
			return map;
		}
		return Collections.unmodifiableMap(new LinkedHashMap<>(map));
	}

	static <V> @Nullable Map<String, V> immutableOrNull(@Nullable Map<String, V> map) {
		return (map != null) ? immutable(map) : null;
	}

	static <E> List<E> immutable(@Nullable List<E> list) {
		if (list == null || list.isEmpty()) {
			return List.of();
		}
		return Collections.unmodifiableList(new java.util.ArrayList<>(list));
	}

}
