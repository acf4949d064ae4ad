package com.example.mytask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README shows the code of this module verbatim: every region between
 * {@code tag::name[]} and {@code end::name[]} in its sources must appear in README.md, with
 * each leading tab written as four spaces. A README that drifted from the code fails here.
 */
class ReadmeSnippetsTests {

	private static final Pattern TAG = Pattern.compile("(?:#|//) tag::([a-z-]+)\\[]");

	private static final List<String> EXPECTED_REGIONS = List.of("quick-start", "application", "application-yml",
			"task-app-url", "in-process", "task-app-test", "curl");

	@Test
	void theReadmeContainsEveryRegionOfTheExamplesVerbatim() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		Map<String, String> regions = regions();
		assertThat(regions).containsOnlyKeys(EXPECTED_REGIONS);
		regions.forEach((name, snippet) -> assertThat(readme)
			.withFailMessage("README.md lacks region '%s' of readme-examples; it should contain:%n%s", name, snippet)
			.contains(snippet));
	}

	private static Map<String, String> regions() throws IOException {
		Map<String, String> regions = new LinkedHashMap<>();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(Path.of("src"))) {
			files = walk.filter(Files::isRegularFile).sorted().toList();
		}
		for (Path file : files) {
			List<String> lines = Files.readAllLines(file);
			for (int i = 0; i < lines.size(); i++) {
				Matcher tag = TAG.matcher(lines.get(i).strip());
				if (tag.matches()) {
					String name = tag.group(1);
					List<String> region = new ArrayList<>();
					int j = i + 1;
					while (!lines.get(j).strip().endsWith("end::" + name + "[]")) {
						region.add(lines.get(j));
						j++;
					}
					regions.put(name, asInReadme(region));
				}
			}
		}
		return regions;
	}

	private static String asInReadme(List<String> region) {
		List<String> spaced = region.stream().map(ReadmeSnippetsTests::tabsToSpaces).toList();
		int indent = spaced.stream()
			.filter((line) -> !line.isBlank())
			.mapToInt((line) -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		return String.join("\n",
				spaced.stream().map((line) -> line.isBlank() ? "" : line.substring(indent)).toList());
	}

	private static String tabsToSpaces(String line) {
		int tabs = 0;
		while (tabs < line.length() && line.charAt(tabs) == '\t') {
			tabs++;
		}
		return "    ".repeat(tabs) + line.substring(tabs);
	}

}
