package dev.taskapp.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Checks the API key a request presents against the accepted keys, as the Synth reference
 * does: {@code X-API-Key}, {@code X-API-Keys} and {@code Authorization: Bearer} (scheme
 * case-insensitive), every value split on commas and trimmed. Keys are compared through their
 * SHA-256 digests in constant time, so neither a key's content nor its length shows in the
 * timing.
 */
public final class ApiKeyAuthenticator {

	private static final String BEARER_PREFIX = "bearer ";

	private final List<byte[]> acceptedDigests;

	/**
	 * Creates an authenticator for the given keys.
	 * @param keys the accepted keys
	 */
	public ApiKeyAuthenticator(TaskAppApiKeys keys) {
		List<byte[]> digests = new ArrayList<>();
		for (String key : keys.all()) {
			digests.add(sha256(key));
		}
		this.acceptedDigests = List.copyOf(digests);
	}

	/**
	 * Checks the values of the three key headers (the first occurrence of each).
	 * @param xApiKey the {@code X-API-Key} value
	 * @param xApiKeys the {@code X-API-Keys} value
	 * @param authorization the {@code Authorization} value
	 * @return the outcome, with which headers were present
	 */
	public Outcome authenticate(@Nullable String xApiKey, @Nullable String xApiKeys, @Nullable String authorization) {
		boolean matched = matchesAny(xApiKey) | matchesAny(xApiKeys) | matchesAny(bearerToken(authorization));
		return new Outcome(matched, xApiKey != null, xApiKeys != null, authorization != null);
	}

	private static @Nullable String bearerToken(@Nullable String authorization) {
		if (authorization == null || authorization.length() < BEARER_PREFIX.length()
				|| !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			return null;
		}
		return authorization.substring(BEARER_PREFIX.length()).trim();
	}

	private boolean matchesAny(@Nullable String headerValue) {
		if (headerValue == null) {
			return false;
		}
		boolean matched = false;
		int start = 0;
		while (start <= headerValue.length()) {
			int comma = headerValue.indexOf(',', start);
			int end = (comma >= 0) ? comma : headerValue.length();
			String candidate = headerValue.substring(start, end).trim();
			if (!candidate.isEmpty()) {
				matched |= isAccepted(candidate);
			}
			start = end + 1;
		}
		return matched;
	}

	private boolean isAccepted(String candidate) {
		byte[] digest = sha256(candidate);
		boolean accepted = false;
		for (byte[] acceptedDigest : this.acceptedDigests) {
			accepted |= MessageDigest.isEqual(digest, acceptedDigest);
		}
		return accepted;
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "ApiKeyAuthenticator[keys=" + this.acceptedDigests.size() + "]";
	}

	/**
	 * The outcome of a check: whether a presented key matched, and which key headers the
	 * request carried (never their values).
	 *
	 * @param authorized whether a presented key is accepted
	 * @param hadXApiKey whether the request had an {@code X-API-Key} header
	 * @param hadXApiKeys whether the request had an {@code X-API-Keys} header
	 * @param hadAuthorization whether the request had an {@code Authorization} header
	 */
	public record Outcome(boolean authorized, boolean hadXApiKey, boolean hadXApiKeys, boolean hadAuthorization) {

	}

}
