package dev.taskapp.support;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An immutable JSON object read from a request: keys in body order, {@code null} values
 * allowed. A small object, the usual case, is one array of keys and values, a fraction of the
 * heap of a {@link LinkedHashMap}; a larger one is a {@link LinkedHashMap} behind an
 * unmodifiable view. Equal to any {@link Map} with the same entries.
 * <p>
 * The wire records keep an instance as it is instead of copying it, since nothing can change
 * it.
 */
public final class JsonObjectMap extends AbstractMap<String, @Nullable Object> {

	/** Most entries kept in the compact form; lookups scan them. */
	static final int MAX_COMPACT_SIZE = 8;

	private static final Object[] NO_ENTRIES = {};

	private static final JsonObjectMap EMPTY = new JsonObjectMap(NO_ENTRIES, 0, null);

	/** Keys at even, values at odd indexes; unused when {@link #large} is set. */
	private final @Nullable Object[] entries;

	private final int size;

	private final @Nullable Map<String, @Nullable Object> large;

	private JsonObjectMap(@Nullable Object[] entries, int size, @Nullable Map<String, @Nullable Object> large) {
		this.entries = entries;
		this.size = size;
		this.large = large;
	}

	/**
	 * Returns an empty object.
	 * @return the empty object
	 */
	public static JsonObjectMap empty() {
		return EMPTY;
	}

	/**
	 * Returns a builder; a key put twice keeps its first position and its last value, as a
	 * JSON parser reading a repeated key does.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public int size() {
		return (this.large != null) ? this.large.size() : this.size;
	}

	@Override
	public boolean isEmpty() {
		return size() == 0;
	}

	@Override
	public boolean containsKey(@Nullable Object key) {
		return (this.large != null) ? this.large.containsKey(key) : indexOf(key) >= 0;
	}

	@Override
	public @Nullable Object get(@Nullable Object key) {
		if (this.large != null) {
			return this.large.get(key);
		}
		int index = indexOf(key);
		return (index >= 0) ? this.entries[index + 1] : null;
	}

	@Override
	public Set<Entry<String, @Nullable Object>> entrySet() {
		if (this.large != null) {
			return this.large.entrySet();
		}
		return new CompactEntries();
	}

	@Override
	public @Nullable Object put(String key, @Nullable Object value) {
		throw new UnsupportedOperationException("A JSON object of a request cannot be changed");
	}

	@Override
	public @Nullable Object remove(@Nullable Object key) {
		throw new UnsupportedOperationException("A JSON object of a request cannot be changed");
	}

	@Override
	public void putAll(Map<? extends String, ? extends @Nullable Object> map) {
		throw new UnsupportedOperationException("A JSON object of a request cannot be changed");
	}

	@Override
	public void clear() {
		throw new UnsupportedOperationException("A JSON object of a request cannot be changed");
	}

	private int indexOf(@Nullable Object key) {
		for (int i = 0; i < this.size * 2; i += 2) {
			if (this.entries[i].equals(key)) {
				return i;
			}
		}
		return -1;
	}

	private final class CompactEntries extends AbstractSet<Entry<String, @Nullable Object>> {

		@Override
		public int size() {
			return JsonObjectMap.this.size;
		}

		@Override
		public Iterator<Entry<String, @Nullable Object>> iterator() {
			return new Iterator<>() {

				private int next;

				@Override
				public boolean hasNext() {
					return this.next < JsonObjectMap.this.size * 2;
				}

				@Override
				public Entry<String, @Nullable Object> next() {
					if (!hasNext()) {
						throw new NoSuchElementException();
					}
					@Nullable Object[] entries = JsonObjectMap.this.entries;
					Entry<String, @Nullable Object> entry = new SimpleImmutableEntry<>(
							(String) Objects.requireNonNull(entries[this.next]), entries[this.next + 1]);
					this.next += 2;
					return entry;
				}

			};
		}

	}

	/**
	 * Collects the members of one JSON object. Not thread-safe; build once.
	 */
	public static final class Builder {

		private @Nullable Object[] entries = new Object[4];

		private int size;

		private @Nullable LinkedHashMap<String, @Nullable Object> large;

		private Builder() {
		}

		/**
		 * Adds a member, or replaces the value of a key already added.
		 * @param key the key
		 * @param value the value, possibly {@code null}
		 * @return this builder
		 */
		public Builder put(String key, @Nullable Object value) {
			Objects.requireNonNull(key, "key");
			if (this.large != null) {
				this.large.put(key, value);
				return this;
			}
			for (int i = 0; i < this.size * 2; i += 2) {
				if (key.equals(this.entries[i])) {
					this.entries[i + 1] = value;
					return this;
				}
			}
			if (this.size == MAX_COMPACT_SIZE) {
				LinkedHashMap<String, @Nullable Object> large = new LinkedHashMap<>();
				for (int i = 0; i < this.size * 2; i += 2) {
					large.put((String) Objects.requireNonNull(this.entries[i]), this.entries[i + 1]);
				}
				large.put(key, value);
				this.large = large;
				return this;
			}
			if (this.size * 2 == this.entries.length) {
				this.entries = Arrays.copyOf(this.entries, Math.min(this.entries.length * 2, MAX_COMPACT_SIZE * 2));
			}
			this.entries[this.size * 2] = key;
			this.entries[this.size * 2 + 1] = value;
			this.size++;
			return this;
		}

		/**
		 * Returns the object.
		 * @return the immutable object
		 */
		public JsonObjectMap build() {
			if (this.large != null) {
				return new JsonObjectMap(NO_ENTRIES, 0, Collections.unmodifiableMap(this.large));
			}
			if (this.size == 0) {
				return EMPTY;
			}
			@Nullable Object[] entries = (this.entries.length == this.size * 2) ? this.entries
					: Arrays.copyOf(this.entries, this.size * 2);
			return new JsonObjectMap(entries, this.size, null);
		}

	}

}
