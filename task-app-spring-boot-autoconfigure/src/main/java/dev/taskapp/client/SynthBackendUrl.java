package dev.taskapp.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Normalises the URL of a Synth backend to its API base, as the Synth SDK's
 * {@code ensure_api_base} does ({@code synth_ai/sdk/api/train/utils.py}) and as
 * {@code run_in_process_job} describes it (contract reference §6.6): trailing {@code '/'}
 * characters and a trailing {@code /api} are removed, then {@code /api} is appended, so that
 * {@code https://api.usesynth.ai}, {@code https://api.usesynth.ai/} and
 * {@code https://api.usesynth.ai/api} all become {@code https://api.usesynth.ai/api}.
 */
final class SynthBackendUrl {

	private static final String API = "/api";

	private SynthBackendUrl() {
	}

	/**
	 * Returns the API base of a backend URL.
	 * @param url the backend URL as the user gave it
	 * @return the API base, ending in {@code /api}
	 * @throws IllegalArgumentException if the URL is not an {@code http} or {@code https} URL
	 * with a host, or has user info, a query or a fragment; the message names the URL without
	 * its user info
	 */
	static String apiBase(@Nullable String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("Synth backend URL is required");
		}
		String base = stripTrailingSlashes(url.strip());
		URI uri = parse(base);
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw invalid(uri, "the scheme must be http or https");
		}
		if (uri.getRawUserInfo() != null) {
			throw invalid(uri, "user info is not supported; configure the API key instead");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw invalid(uri, "it has no host");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw invalid(uri, "it must not have a query or a fragment");
		}
		if (base.endsWith(API)) {
			base = stripTrailingSlashes(base.substring(0, base.length() - API.length()));
		}
		return base + API;
	}

	private static String stripTrailingSlashes(String url) {
		String result = url;
		while (result.endsWith("/")) {
			result = result.substring(0, result.length() - 1);
		}
		return result;
	}

	private static URI parse(String url) {
		try {
			return new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Invalid Synth backend URL: it is malformed");
		}
	}

	private static IllegalArgumentException invalid(URI uri, String reason) {
		String shown = (uri.getRawUserInfo() != null) ? uri.getScheme() + "://***@" + uri.getHost() : uri.toString();
		return new IllegalArgumentException("Invalid Synth backend URL '" + shown + "': " + reason);
	}

}
