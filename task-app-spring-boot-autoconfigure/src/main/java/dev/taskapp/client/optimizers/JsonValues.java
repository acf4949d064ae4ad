package dev.taskapp.client.optimizers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads values out of decoded JSON (maps, lists, strings, numbers, booleans) leniently.
 */
final class JsonValues {

	private JsonValues() {
	}

	static @Nullable Map<String, Object> asMap(@Nullable Object value) {
		if (!(value instanceof Map<?, ?> map)) {
			return null;
		}
		Map<String, Object> result = new LinkedHashMap<>();
		map.forEach((key, item) -> result.put(String.valueOf(key), item));
		return result;
	}

	static @Nullable String text(@Nullable Object value) {
		if (value instanceof String text) {
			return text.isBlank() ? null : text.strip();
		}
		return (value instanceof Number number) ? number.toString() : null;
	}

	static @Nullable String firstText(Map<String, Object> map, String... keys) {
		for (String key : keys) {
			String text = text(map.get(key));
			if (text != null) {
				return text;
			}
		}
		return null;
	}

	static @Nullable Long firstLong(Map<String, Object> map, String... keys) {
		for (String key : keys) {
			Object value = map.get(key);
			if (value instanceof Number number) {
				return number.longValue();
			}
			if (value instanceof String text) {
				try {
					return Long.parseLong(text.strip());
				}
				catch (NumberFormatException ex) {
					// not a sequence number; try the next key
				}
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> unmodifiable(Map<String, ?> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(key, unmodifiableValue(value)));
		return Collections.unmodifiableMap(copy);
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Object unmodifiableValue(@Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> nested = asMap(map);
			return unmodifiable((nested != null) ? nested : Map.of());
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach((item) -> copy.add(unmodifiableValue(item)));
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

}
