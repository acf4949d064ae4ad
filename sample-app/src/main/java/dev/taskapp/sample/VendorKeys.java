package dev.taskapp.sample;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;

/**
 * Decides which vendor API key, if any, goes with a model call. A key is only ever sent to its
 * own vendor: {@code OPENAI_API_KEY} to {@code https://api.openai.com}, {@code GROQ_API_KEY} to
 * {@code https://api.groq.com}. Every other host (the Synth inference proxy, a local model, a
 * mock) gets no {@code Authorization} header: the trainer's URL carries its own credentials.
 * The task app's own key is never a candidate.
 */
public final class VendorKeys {

	private static final Map<String, String> KEY_BY_HOST = Map.of("api.openai.com", "OPENAI_API_KEY", "api.groq.com",
			"GROQ_API_KEY");

	private VendorKeys() {
	}

	/**
	 * Returns the name of the key property that belongs to the host of a URL.
	 * @param url the chat-completions URL
	 * @return {@code OPENAI_API_KEY} or {@code GROQ_API_KEY} for an {@code https} URL of the
	 * vendor's exact API host, otherwise {@code null}
	 */
	public static @Nullable String keyPropertyFor(URI url) {
		String host = url.getHost();
		if (host == null || !"https".equalsIgnoreCase(url.getScheme())) {
			return null;
		}
		String normalised = host.toLowerCase(Locale.ROOT);
		if (normalised.endsWith(".")) {
			normalised = normalised.substring(0, normalised.length() - 1);
		}
		return KEY_BY_HOST.get(normalised);
	}

	/**
	 * Returns the {@code Authorization} header value for a model call.
	 * @param url the chat-completions URL
	 * @param environment where the keys are read from
	 * @return {@code Bearer <key>} when the URL's host is a vendor's and its key is set,
	 * otherwise {@code null}
	 */
	public static @Nullable String authorizationFor(URI url, PropertyResolver environment) {
		String property = keyPropertyFor(url);
		if (property == null) {
			return null;
		}
		String key = environment.getProperty(property);
		return (key != null && !key.isBlank()) ? "Bearer " + key.strip() : null;
	}

}
