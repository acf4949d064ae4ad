package dev.taskapp.sample;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A demo intent classifier without a model: it scores each intent by how well the words of a
 * query overlap with the words of that intent's training examples (a naive Bayes over word
 * and word-pair keywords), and picks the best. Good enough to show the evaluation loop
 * offline; no substitute for an LLM.
 * <p>
 * Keywords are the lower-case words of a text without apostrophes and common function words,
 * with a plain suffix stemming ({@code -ing}, {@code -ed}, {@code -es}, {@code -s}), plus each
 * pair of neighbouring keywords. Immutable and thread-safe.
 */
public final class KeywordIntentClassifier {

	private static final Pattern WORD = Pattern.compile("[a-z]+");

	private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "i", "my", "me", "to", "of", "and", "or",
			"is", "it", "in", "on", "for", "do", "does", "did", "was", "be", "been", "can", "you", "your", "what",
			"why", "how", "this", "that", "with", "at", "from", "but", "have", "has", "there", "its", "im", "are",
			"am", "will", "would", "could", "should", "so", "not", "no", "any");

	private static final List<String> SUFFIXES = List.of("ing", "ed", "es", "s");

	private static final double SMOOTHING = 0.5;

	private final List<String> intents;

	private final Map<String, Map<String, Integer>> counts;

	private final Map<String, Integer> totals;

	private final Set<String> vocabulary;

	private KeywordIntentClassifier(List<String> intents, Map<String, Map<String, Integer>> counts,
			Map<String, Integer> totals, Set<String> vocabulary) {
		this.intents = intents;
		this.counts = counts;
		this.totals = totals;
		this.vocabulary = vocabulary;
	}

	/**
	 * Learns the keywords of each intent from labelled examples.
	 * @param examples the examples, such as the data set's train split
	 * @return the classifier
	 * @throws IllegalArgumentException if there are no examples
	 */
	public static KeywordIntentClassifier train(Collection<Banking77Dataset.Example> examples) {
		if (examples.isEmpty()) {
			throw new IllegalArgumentException("At least one example is required");
		}
		Map<String, Map<String, Integer>> counts = new HashMap<>();
		Set<String> vocabulary = new HashSet<>();
		Set<String> intents = new LinkedHashSet<>();
		for (Banking77Dataset.Example example : examples) {
			intents.add(example.label());
			Map<String, Integer> intentCounts = counts.computeIfAbsent(example.label(), (label) -> new HashMap<>());
			for (String keyword : new LinkedHashSet<>(keywords(example.text()))) {
				intentCounts.merge(keyword, 1, Integer::sum);
				vocabulary.add(keyword);
			}
		}
		Map<String, Integer> totals = new HashMap<>();
		counts.forEach((intent, keywords) -> totals.put(intent,
				keywords.values().stream().mapToInt(Integer::intValue).sum()));
		return new KeywordIntentClassifier(intents.stream().sorted().toList(), Map.copyOf(counts),
				Map.copyOf(totals), Set.copyOf(vocabulary));
	}

	/**
	 * Returns the intents the classifier learned.
	 * @return the intents, sorted
	 */
	public List<String> intents() {
		return this.intents;
	}

	/**
	 * Returns the intent of a query, among every learned intent.
	 * @param query the query
	 * @return the best-scoring intent
	 */
	public String classify(String query) {
		return classify(query, this.intents);
	}

	/**
	 * Returns the intent of a query among the given candidates. A candidate the classifier did
	 * not learn can still win when nothing in the query is known; ties go to the earlier
	 * candidate.
	 * @param query the query
	 * @param candidates the allowed intents, at least one
	 * @return the best-scoring candidate
	 * @throws IllegalArgumentException if there are no candidates
	 */
	public String classify(String query, Collection<String> candidates) {
		if (candidates.isEmpty()) {
			throw new IllegalArgumentException("At least one candidate intent is required");
		}
		List<String> keywords = keywords(query);
		String best = null;
		double bestScore = Double.NEGATIVE_INFINITY;
		for (String candidate : candidates) {
			double score = score(candidate, keywords);
			if (best == null || score > bestScore) {
				best = candidate;
				bestScore = score;
			}
		}
		return best;
	}

	private double score(String intent, List<String> keywords) {
		Map<String, Integer> intentCounts = this.counts.getOrDefault(intent, Map.of());
		double denominator = this.totals.getOrDefault(intent, 0) + SMOOTHING * this.vocabulary.size();
		double score = 0;
		for (String keyword : keywords) {
			if (this.vocabulary.contains(keyword)) {
				score += Math.log((intentCounts.getOrDefault(keyword, 0) + SMOOTHING) / denominator);
			}
		}
		return score;
	}

	/**
	 * Returns the keywords of a text: stemmed words that are not function words, then every
	 * pair of neighbouring ones joined by {@code '_'}.
	 * @param text the text
	 * @return the keywords, words first
	 */
	static List<String> keywords(String text) {
		Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", ""));
		List<String> words = new ArrayList<>();
		while (matcher.find()) {
			String word = matcher.group();
			if (!STOP_WORDS.contains(word)) {
				words.add(stem(word));
			}
		}
		List<String> keywords = new ArrayList<>(words);
		for (int i = 1; i < words.size(); i++) {
			keywords.add(words.get(i - 1) + "_" + words.get(i));
		}
		return keywords;
	}

	private static String stem(String word) {
		for (String suffix : SUFFIXES) {
			if (word.length() > suffix.length() + 2 && word.endsWith(suffix)) {
				return word.substring(0, word.length() - suffix.length());
			}
		}
		return word;
	}

}
