package dev.taskapp.client;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The credentials a {@link TaskAppClient} sends, and the headers that carry them: the API key
 * as {@code X-API-Key}, {@code X-API-Keys} (the key, then its aliases, comma-joined) and
 * {@code Authorization: Bearer}, as the Synth SDK sends them; the SynthTunnel worker token as
 * {@code X-SynthTunnel-Worker-Token}.
 */
final class AuthHeaders {

	static final String API_KEY = "X-API-Key";

	static final String API_KEYS = "X-API-Keys";

	static final String AUTHORIZATION = "Authorization";

	static final String WORKER_TOKEN = "X-SynthTunnel-Worker-Token";

	private final List<String> keys;

	private final @Nullable String workerToken;

	/**
	 * Creates the headers of the given credentials. Blank values count as absent; aliases are
	 * trimmed and de-duplicated.
	 * @param apiKey the API key, or {@code null}
	 * @param aliases further accepted keys, sent after the key in {@code X-API-Keys}
	 * @param workerToken the SynthTunnel worker token, or {@code null}
	 * @throws IllegalArgumentException if a value contains a comma, white space or a control
	 * character (the message never contains the value)
	 */
	AuthHeaders(@Nullable String apiKey, List<String> aliases, @Nullable String workerToken) {
		Set<String> all = new LinkedHashSet<>();
		addIfPresent(all, apiKey, "API key");
		for (String alias : aliases) {
			addIfPresent(all, alias, "API key alias");
		}
		this.keys = List.copyOf(all);
		this.workerToken = validated(workerToken, "Worker token");
	}

	private static void addIfPresent(Set<String> keys, @Nullable String key, String what) {
		String checked = validated(key, what);
		if (checked != null) {
			keys.add(checked);
		}
	}

	/**
	 * Returns a credential as it is sent: trimmed, or {@code null} if blank.
	 * @param value the credential
	 * @param what what it is, for the message
	 * @return the trimmed credential, or {@code null}
	 * @throws IllegalArgumentException if it contains a comma, white space or a control
	 * character (the message never contains the value)
	 */
	static @Nullable String validated(@Nullable String value, String what) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		for (int i = 0; i < trimmed.length(); i++) {
			char ch = trimmed.charAt(i);
			if (ch == ',' || Character.isWhitespace(ch) || Character.isISOControl(ch)) {
				throw new IllegalArgumentException(
						what + " must not contain commas, white space or control characters");
			}
		}
		return trimmed;
	}

	/**
	 * Adds the credential headers to a request.
	 * @param headers the request headers
	 * @param withApiKey whether to send the API key (the worker token is always sent)
	 */
	void applyTo(HttpHeaders headers, boolean withApiKey) {
		if (withApiKey && !this.keys.isEmpty()) {
			String key = this.keys.get(0);
			headers.set(API_KEY, key);
			headers.set(API_KEYS, String.join(",", this.keys));
			headers.set(AUTHORIZATION, "Bearer " + key);
		}
		if (this.workerToken != null) {
			headers.set(WORKER_TOKEN, this.workerToken);
		}
	}

	/**
	 * Returns every secret value, for redaction.
	 * @return the keys and the worker token
	 */
	List<String> secrets() {
		List<String> secrets = new ArrayList<>(this.keys);
		if (this.workerToken != null) {
			secrets.add(this.workerToken);
		}
		return secrets;
	}

	@Override
	public String toString() {
		String key = this.keys.isEmpty() ? "unset" : "******";
		int aliases = Math.max(0, this.keys.size() - 1);
		String token = (this.workerToken != null) ? "******" : "unset";
		return "apiKey=" + key + ", apiKeyAliases=" + aliases + ", workerToken=" + token;
	}

}
