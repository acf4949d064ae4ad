package dev.taskapp.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads and writes nested configuration maps by dot-separated paths such as
 * {@code prompt_learning.gepa.rollout.budget}, the override notation of the Synth SDK
 * ({@code deep_update} in {@code synth_ai/core/utils/dict.py}, used by
 * {@code build_prompt_learning_payload}). Missing tables on the way are created.
 */
final class DotPath {

	private DotPath() {
	}

	/**
	 * Returns the segments of a path.
	 * @param path the path
	 * @return its non-empty segments
	 * @throws IllegalArgumentException if the path is blank or has an empty segment
	 */
	static List<String> segments(String path) {
		if (path.isBlank()) {
			throw new IllegalArgumentException("Override path must not be blank");
		}
		List<String> segments = List.of(path.strip().split("\\.", -1));
		for (String segment : segments) {
			if (segment.isBlank()) {
				throw new IllegalArgumentException("Override path '" + path + "' has an empty segment");
			}
		}
		return segments;
	}

	/**
	 * Returns the value at a path.
	 * @param root the root map
	 * @param path the path
	 * @return the value, or {@code null} when a segment is missing or not a table
	 */
	static @Nullable Object get(Map<String, ?> root, String path) {
		Object current = root;
		for (String segment : segments(path)) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(segment);
		}
		return current;
	}

	/**
	 * Sets the value at a path, creating missing tables.
	 * @param root the mutable root map, whose nested tables are mutable too (see
	 * {@link #mutableCopy(Map)})
	 * @param path the path
	 * @param value the value
	 * @throws IllegalArgumentException if a segment on the way holds something other than a
	 * table
	 */
	@SuppressWarnings("unchecked")
	static void set(Map<String, Object> root, String path, Object value) {
		List<String> segments = segments(path);
		Map<String, Object> current = root;
		for (int i = 0; i < segments.size() - 1; i++) {
			String segment = segments.get(i);
			Object next = current.get(segment);
			if (next == null) {
				next = new LinkedHashMap<String, Object>();
				current.put(segment, next);
			}
			else if (!(next instanceof Map<?, ?>)) {
				throw new IllegalArgumentException("Cannot override '" + path + "': '"
						+ String.join(".", segments.subList(0, i + 1)) + "' is not a table");
			}
			current = (Map<String, Object>) next;
		}
		current.put(segments.get(segments.size() - 1), mutableCopyOf(value));
	}

	/**
	 * Removes the value at a path, if there is one.
	 * @param root the mutable root map
	 * @param path the path
	 */
	static void remove(Map<String, Object> root, String path) {
		List<String> segments = segments(path);
		Object current = root;
		for (int i = 0; i < segments.size() - 1; i++) {
			if (!(current instanceof Map<?, ?> map)) {
				return;
			}
			current = map.get(segments.get(i));
		}
		if (current instanceof Map<?, ?> map) {
			map.remove(segments.get(segments.size() - 1));
		}
	}

	/**
	 * Returns a deep, mutable copy of a map: nested maps become {@link LinkedHashMap}s (keys
	 * as strings), lists {@link ArrayList}s.
	 * @param map the map
	 * @return the copy
	 */
	static Map<String, Object> mutableCopy(Map<?, ?> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			if (value != null) {
				copy.put(String.valueOf(key), mutableCopyOf(value));
			}
		});
		return copy;
	}

	/**
	 * Returns a deep, unmodifiable copy of a map.
	 * @param map the map
	 * @return the copy
	 */
	static Map<String, Object> unmodifiableCopy(Map<?, ?> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			if (value != null) {
				copy.put(String.valueOf(key), unmodifiableCopyOf(value));
			}
		});
		return Collections.unmodifiableMap(copy);
	}

	private static Object mutableCopyOf(Object value) {
		if (value instanceof Map<?, ?> map) {
			return mutableCopy(map);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			for (Object item : list) {
				copy.add((item != null) ? mutableCopyOf(item) : null);
			}
			return copy;
		}
		return value;
	}

	private static Object unmodifiableCopyOf(Object value) {
		if (value instanceof Map<?, ?> map) {
			return unmodifiableCopy(map);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			for (Object item : list) {
				copy.add((item != null) ? unmodifiableCopyOf(item) : null);
			}
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

}
