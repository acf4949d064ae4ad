package dev.taskapp.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Validates and normalises the base URL of a task app: {@code http} or {@code https} with a
 * host, no user info, query or fragment, trailing {@code '/'} removed.
 */
final class TaskAppBaseUrl {

	private TaskAppBaseUrl() {
	}

	/**
	 * Returns the normalised form of the given URL.
	 * @param url the URL as the user gave it
	 * @return the URL without surrounding white space and trailing {@code '/'}
	 * @throws IllegalArgumentException if the URL is not a usable task app URL; the message
	 * names the URL
	 */
	static String normalize(@Nullable String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("Task app URL is required");
		}
		String trimmed = url.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		URI uri = parse(url, trimmed);
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw invalid(url, "the scheme must be http or https");
		}
		if (uri.getRawUserInfo() != null) {
			throw invalid(url, "user info is not supported; configure the API key instead");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw invalid(url, "it has no host");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw invalid(url, "it must not have a query or a fragment");
		}
		return trimmed;
	}

	private static URI parse(String original, String trimmed) {
		try {
			return new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			throw invalid(original, "it is malformed");
		}
	}

	private static IllegalArgumentException invalid(String url, String reason) {
		return new IllegalArgumentException("Invalid task app URL '" + withoutUserInfo(url) + "': " + reason);
	}

	private static String withoutUserInfo(String url) {
		int schemeEnd = url.indexOf("://");
		if (schemeEnd < 0) {
			return url;
		}
		int authorityStart = schemeEnd + 3;
		int authorityEnd = authorityStart;
		while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
			authorityEnd++;
		}
		int at = url.lastIndexOf('@', authorityEnd - 1);
		if (at < authorityStart) {
			return url;
		}
		return url.substring(0, authorityStart) + "***@" + url.substring(at + 1);
	}

}
