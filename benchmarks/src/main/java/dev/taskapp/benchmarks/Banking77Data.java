package dev.taskapp.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample's Banking77 data, read from the same files the sample serves: either the
 * directory {@code sample-app/src/main/resources/banking77} or the sample's executable jar
 * ({@code BOOT-INF/classes/banking77/*.jsonl}).
 *
 * @param splits the examples of each split, in file order
 * @param intents every label, sorted (as the sample sorts them)
 */
record Banking77Data(Map<String, List<Example>> splits, List<String> intents) {

	static final List<String> SPLITS = List.of("train", "test");

	static Banking77Data load(Path source) {
		JsonMapper mapper = JsonMapper.builder().build();
		Map<String, List<Example>> splits = new LinkedHashMap<>();
		TreeSet<String> labels = new TreeSet<>();
		try {
			if (Files.isDirectory(source)) {
				for (String split : SPLITS) {
					try (InputStream input = Files.newInputStream(source.resolve(split + ".jsonl"))) {
						splits.put(split, read(input, mapper));
					}
				}
			}
			else {
				try (ZipFile jar = new ZipFile(source.toFile())) {
					for (String split : SPLITS) {
						ZipEntry entry = jar.getEntry("BOOT-INF/classes/banking77/" + split + ".jsonl");
						if (entry == null) {
							throw new IllegalStateException(source + " has no BOOT-INF/classes/banking77/" + split
									+ ".jsonl: pass --dataset=<sample-app/src/main/resources/banking77>");
						}
						try (InputStream input = jar.getInputStream(entry)) {
							splits.put(split, read(input, mapper));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Banking77 data from " + source, ex);
		}
		splits.values().forEach((examples) -> examples.forEach((example) -> labels.add(example.label())));
		return new Banking77Data(Map.copyOf(splits), List.copyOf(labels));
	}

	private static List<Example> read(InputStream input, JsonMapper mapper) throws IOException {
		List<Example> examples = new ArrayList<>();
		BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
		for (String line = reader.readLine(); line != null; line = reader.readLine()) {
			if (!line.isBlank()) {
				JsonNode node = mapper.readTree(line);
				examples.add(new Example(node.path("text").stringValue().strip(),
						node.path("label").stringValue().strip()));
			}
		}
		if (examples.isEmpty()) {
			throw new IllegalStateException("A Banking77 split is empty");
		}
		return List.copyOf(examples);
	}

	/**
	 * One labelled query.
	 *
	 * @param text the query
	 * @param label its intent
	 */
	record Example(String text, String label) {

	}

}
