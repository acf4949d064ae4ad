package dev.taskapp.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * The rows a task app is evaluated on, in named splits. A row is found by split and seed
 * (seeds past the end of a split wrap around) or by its task id {@code <split>:<seed>}, such as
 * {@code train:0}. Every row an optimiser receives carries {@code task_id}, {@code split} and
 * {@code seed} beside the row's own fields.
 *
 * <pre class="code">
 * TaskDataset.builder("banking77")
 *     .split("train", trainRows.size(), (seed) -&gt; Map.of("text", ..., "label", ...))
 *     .split("test", testRows.size(), ...)
 *     .labels(intents)
 *     .build();
 * </pre>
 */
public final class TaskDataset {

	private final String datasetId;

	private final Map<String, Split> splits;

	private final List<String> labels;

	private final @Nullable String source;

	private TaskDataset(Builder builder) {
		this.datasetId = builder.datasetId;
		this.splits = Collections.unmodifiableMap(new LinkedHashMap<>(builder.splits));
		this.labels = List.copyOf(builder.labels);
		this.source = builder.source;
	}

	/**
	 * Returns a builder of a data set.
	 * @param datasetId identifier of the data set, answered as {@code taskset_id}
	 * @return the builder
	 */
	public static Builder builder(String datasetId) {
		return new Builder(datasetId);
	}

	/**
	 * Returns the identifier of the data set.
	 * @return the id
	 */
	public String datasetId() {
		return this.datasetId;
	}

	/**
	 * Returns the size of every split, in declaration order.
	 * @return the split sizes by name
	 */
	public Map<String, Integer> splitSizes() {
		Map<String, Integer> sizes = new LinkedHashMap<>();
		this.splits.forEach((name, split) -> sizes.put(name, split.size()));
		return sizes;
	}

	/**
	 * Returns whether the data set has a split of that name.
	 * @param split the name
	 * @return whether it exists
	 */
	public boolean hasSplit(String split) {
		return this.splits.containsKey(split);
	}

	/**
	 * Returns the labels of the task, if it is a classification.
	 * @return the labels, empty when none are declared
	 */
	public List<String> labels() {
		return this.labels;
	}

	/**
	 * Returns where the rows come from.
	 * @return the source, or {@code null}
	 */
	public @Nullable String source() {
		return this.source;
	}

	/**
	 * Returns the row of a split and seed, with {@code task_id}, {@code split} and
	 * {@code seed} added.
	 * @param split the split
	 * @param seed the seed; seeds past the end of the split wrap around
	 * @return the row
	 * @throws IllegalArgumentException if the split does not exist or is empty
	 */
	public Map<String, Object> row(String split, int seed) {
		Split rows = this.splits.get(split);
		if (rows == null) {
			throw new IllegalArgumentException("Unknown split '" + split + "'; the splits are " + this.splits.keySet());
		}
		if (rows.size() == 0) {
			throw new IllegalArgumentException("Split '" + split + "' has no rows");
		}
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("task_id", taskId(split, seed));
		row.put("split", split);
		row.put("seed", seed);
		rows.rows().apply(Math.floorMod(seed, rows.size())).forEach(row::putIfAbsent);
		return Collections.unmodifiableMap(row);
	}

	/**
	 * Returns the row of a task id {@code <split>:<seed>}.
	 * @param taskId the task id
	 * @return the row
	 * @throws IllegalArgumentException if the id is not of that form or names no row
	 */
	public Map<String, Object> row(String taskId) {
		TaskId parsed = TaskId.parse(taskId);
		if (parsed == null) {
			throw new IllegalArgumentException(
					"Task id '" + taskId + "' is not of the form <split>:<seed>, such as train:0");
		}
		return row(parsed.split(), parsed.seed());
	}

	/**
	 * Returns the task id of a split and seed.
	 * @param split the split
	 * @param seed the seed
	 * @return {@code <split>:<seed>}
	 */
	public static String taskId(String split, int seed) {
		return split + ":" + seed;
	}

	@Override
	public String toString() {
		return "TaskDataset[datasetId=" + this.datasetId + ", splits=" + splitSizes() + "]";
	}

	/**
	 * A task id, parsed.
	 *
	 * @param split the split
	 * @param seed the seed
	 */
	public record TaskId(String split, int seed) {

		/**
		 * Parses {@code <split>:<seed>}; the split is whatever precedes the last colon.
		 * @param taskId the id
		 * @return the parsed id, or {@code null} when it is not of that form
		 */
		public static @Nullable TaskId parse(@Nullable String taskId) {
			if (taskId == null) {
				return null;
			}
			int colon = taskId.lastIndexOf(':');
			if (colon <= 0 || colon == taskId.length() - 1) {
				return null;
			}
			try {
				return new TaskId(taskId.substring(0, colon), Integer.parseInt(taskId.substring(colon + 1)));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

	}

	private record Split(int size, IntFunction<Map<String, Object>> rows) {

	}

	/**
	 * Builds a {@link TaskDataset}.
	 */
	public static final class Builder {

		private final String datasetId;

		private final Map<String, Split> splits = new LinkedHashMap<>();

		private List<String> labels = List.of();

		private @Nullable String source;

		private Builder(String datasetId) {
			if (datasetId == null || datasetId.isBlank()) {
				throw new IllegalArgumentException("datasetId must not be blank");
			}
			this.datasetId = datasetId;
		}

		/**
		 * Adds a split whose rows are given.
		 * @param name the split's name, such as {@code train}
		 * @param rows the rows, by seed
		 * @return this builder
		 */
		public Builder split(String name, List<? extends Map<String, ?>> rows) {
			List<Map<String, Object>> copy = rows.stream()
				.map((row) -> Collections.unmodifiableMap(new LinkedHashMap<String, Object>(row)))
				.toList();
			return split(name, copy.size(), copy::get);
		}

		/**
		 * Adds a split whose rows are computed on demand.
		 * @param name the split's name, such as {@code train}
		 * @param size number of rows
		 * @param rows the row of a seed between 0 and {@code size - 1}
		 * @return this builder
		 */
		public Builder split(String name, int size, IntFunction<Map<String, Object>> rows) {
			Objects.requireNonNull(rows, "rows");
			if (name == null || name.isBlank() || name.contains(":")) {
				throw new IllegalArgumentException("A split name must be non-blank and contain no ':', got '" + name + "'");
			}
			if (size < 0) {
				throw new IllegalArgumentException("size must not be negative, got " + size);
			}
			this.splits.put(name, new Split(size, rows));
			return this;
		}

		/**
		 * Sets the labels of a classification task.
		 * @param labels the labels
		 * @return this builder
		 */
		public Builder labels(List<String> labels) {
			this.labels = List.copyOf(labels);
			return this;
		}

		/**
		 * Sets where the rows come from.
		 * @param source the source, such as a data set name
		 * @return this builder
		 */
		public Builder source(@Nullable String source) {
			this.source = source;
			return this;
		}

		/**
		 * Builds the data set.
		 * @return the data set
		 * @throws IllegalStateException if no split was added
		 */
		public TaskDataset build() {
			if (this.splits.isEmpty()) {
				throw new IllegalStateException("TaskDataset '" + this.datasetId + "' needs at least one split");
			}
			return new TaskDataset(this);
		}

	}

}
