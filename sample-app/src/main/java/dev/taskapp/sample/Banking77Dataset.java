package dev.taskapp.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.taskapp.support.TaskAppJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The Banking77-style data set of the sample: customer queries labelled with their intent, in
 * a {@code train} and a {@code test} split. Read once from the class-path resources
 * {@code banking77/train.jsonl} and {@code banking77/test.jsonl} (one
 * {@code {"text": …, "label": …}} object per line); immutable and thread-safe afterwards.
 */
public final class Banking77Dataset {

	/** Name of the training split, the default one. */
	public static final String TRAIN = "train";

	/** Name of the test split. */
	public static final String TEST = "test";

	/** The splits, in the order they are advertised. */
	public static final List<String> SPLITS = List.of(TRAIN, TEST);

	private static final String RESOURCE_DIRECTORY = "banking77/";

	private final Map<String, List<Example>> examples;

	private final List<String> intents;

	Banking77Dataset(Map<String, List<Example>> examples) {
		Map<String, List<Example>> copy = new LinkedHashMap<>();
		TreeSet<String> labels = new TreeSet<>();
		examples.forEach((split, items) -> {
			if (items.isEmpty()) {
				throw new IllegalArgumentException("Split '" + split + "' of the Banking77 data set is empty");
			}
			copy.put(split, List.copyOf(items));
			items.forEach((item) -> labels.add(item.label()));
		});
		this.examples = Map.copyOf(copy);
		this.intents = List.copyOf(labels);
	}

	/**
	 * Loads the data set from the class path of this class.
	 * @return the data set
	 * @throws IllegalStateException if a resource is missing or holds a malformed line
	 */
	public static Banking77Dataset load() {
		return load(Banking77Dataset.class.getClassLoader());
	}

	/**
	 * Loads the data set with the given class loader.
	 * @param classLoader the class loader that sees the {@code banking77/*.jsonl} resources
	 * @return the data set
	 * @throws IllegalStateException if a resource is missing or holds a malformed line
	 */
	public static Banking77Dataset load(ClassLoader classLoader) {
		Map<String, List<Example>> examples = new LinkedHashMap<>();
		for (String split : SPLITS) {
			String resource = RESOURCE_DIRECTORY + split + ".jsonl";
			try (InputStream input = classLoader.getResourceAsStream(resource)) {
				if (input == null) {
					throw new IllegalStateException("Banking77 resource '" + resource + "' is not on the class path");
				}
				examples.put(split, read(input, resource));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read Banking77 resource '" + resource + "'", ex);
			}
		}
		return new Banking77Dataset(examples);
	}

	static List<Example> read(InputStream input, String name) throws IOException {
		List<Example> examples = new ArrayList<>();
		BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
		int lineNumber = 0;
		for (String line = reader.readLine(); line != null; line = reader.readLine()) {
			lineNumber++;
			if (!line.isBlank()) {
				examples.add(parse(line, name, lineNumber));
			}
		}
		return examples;
	}

	private static Example parse(String line, String name, int lineNumber) {
		try {
			JsonNode node = TaskAppJson.mapper().readTree(line);
			JsonNode text = node.path("text");
			JsonNode label = node.path("label");
			if (text.isString() && !text.stringValue().isBlank() && label.isString()
					&& !label.stringValue().isBlank()) {
				return new Example(text.stringValue().strip(), label.stringValue().strip());
			}
		}
		catch (JacksonException ex) {
			// reported below
		}
		throw new IllegalStateException(
				name + ":" + lineNumber + " is not a {\"text\": <string>, \"label\": <string>} object");
	}

	/**
	 * Returns the names of the splits.
	 * @return the splits, {@code train} first
	 */
	public List<String> splits() {
		return SPLITS;
	}

	/**
	 * Returns whether the data set has a split of the given name.
	 * @param split the name
	 * @return whether the split exists
	 */
	public boolean hasSplit(String split) {
		return this.examples.containsKey(split);
	}

	/**
	 * Returns the examples of a split, in file order.
	 * @param split the name of the split
	 * @return the examples
	 * @throws IllegalArgumentException if there is no such split
	 */
	public List<Example> split(String split) {
		List<Example> items = this.examples.get(split);
		if (items == null) {
			throw new IllegalArgumentException("Unknown split '" + split + "', expected one of " + SPLITS);
		}
		return items;
	}

	/**
	 * Returns the number of examples of a split.
	 * @param split the name of the split
	 * @return the size
	 * @throws IllegalArgumentException if there is no such split
	 */
	public int size(String split) {
		return split(split).size();
	}

	/**
	 * Returns every intent label of the data set.
	 * @return the labels, sorted
	 */
	public List<String> intents() {
		return this.intents;
	}

	/**
	 * Returns the position of the example a seed selects: {@code Math.floorMod(seed, size)}, so
	 * any integer (negative ones too) names an example.
	 * @param split the name of the split
	 * @param seed the seed
	 * @return the index into the split
	 * @throws IllegalArgumentException if there is no such split
	 */
	public int index(String split, int seed) {
		return Math.floorMod(seed, size(split));
	}

	/**
	 * Returns the example a seed selects, the one at {@link #index(String, int)}.
	 * @param split the name of the split
	 * @param seed the seed
	 * @return the example
	 * @throws IllegalArgumentException if there is no such split
	 */
	public Example sample(String split, int seed) {
		return split(split).get(index(split, seed));
	}

	@Override
	public String toString() {
		return "Banking77Dataset[train=" + size(TRAIN) + ", test=" + size(TEST) + ", intents=" + this.intents.size()
				+ "]";
	}

	/**
	 * One labelled customer query.
	 *
	 * @param text the query
	 * @param label its intent
	 */
	public record Example(String text, String label) {

	}

}
