package dev.taskapp.contract;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Rules for the {@code inference_url} a trainer puts into {@code policy.config}: building the
 * chat-completions endpoint from it, reading the trace correlation id out of it, and finding it
 * in a policy config.
 *
 * <p>
 * Behaviour follows the synth-ai SDK:
 * <ul>
 * <li>{@link #chatCompletionsUrl(String)} follows {@code normalize_inference_url} in
 * {@code synth_ai/sdk/task/validators.py} and its later Rust port in
 * {@code synth_ai_core/src/localapi/validators.rs} (which {@code synth_ai/sdk/localapi/_impl/validators.py}
 * delegates to). From the Rust port it takes the rule that a path which already contains a
 * {@code /v1/} segment only gets {@code /chat/completions} appended, so that a Synth trial base URL
 * such as {@code https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123} becomes
 * {@code https://api.usesynth.ai/v1/trial-xyz/chat/completions?cid=trace_abc123} &mdash; the same
 * URL the polyglot task apps in {@code synth-laboratories/cookbooks} build by inserting
 * {@code /chat/completions} before the query string.</li>
 * <li>{@link #correlationId(String)} follows {@code extract_trace_correlation_id} in
 * {@code synth_ai/sdk/task/trace_correlation_helpers.py} (query keys are tried in priority order
 * {@code cid}, {@code trace_correlation_id}, {@code trace}, as in that Python function).</li>
 * <li>{@link #inferenceUrlOf(Map)} follows the polyglot task apps, which read
 * {@code inference_url}, {@code api_base} and {@code base_url} in that order.</li>
 * </ul>
 *
 * <p>
 * Deliberate differences from the SDK: blank input to {@link #chatCompletionsUrl(String)} is
 * rejected instead of falling back to the OpenAI default URL; only absolute {@code http} and
 * {@code https} URLs are accepted there; a URL fragment is dropped (it is never sent to a server);
 * a trailing slash after {@code /chat/completions} is removed as well; {@code …/v1/chat} becomes
 * {@code …/v1/chat/completions} (the Rust port would produce {@code …/v1/chat/chat/completions}); in
 * the malformed-URL repair the path copied out of the query ends at the first {@code &} or
 * {@code ?}, whichever comes first; and {@link #correlationId(String)} applies the same repair
 * before it looks for the id, so a URL and the endpoint built from it yield the same id.
 *
 * <p>
 * As in the SDK, a literal {@code /} anywhere in the query is taken as a sign of the malformed
 * form {@code https://host?cid=trace/v1/chat/completions}; query values that really contain a slash
 * must be percent-encoded ({@code %2F}).
 */
public final class InferenceUrls {

	private static final String CHAT_COMPLETIONS = "/chat/completions";

	private static final List<String> CORRELATION_ID_PREFIXES = List.of("trace_", "cid_", "eval_");

	private static final List<String> CORRELATION_ID_QUERY_KEYS = List.of("cid", "trace_correlation_id", "trace");

	private static final List<String> INFERENCE_URL_KEYS = List.of("inference_url", "api_base", "base_url");

	private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");

	private InferenceUrls() {
	}

	/**
	 * Builds the chat-completions endpoint from an {@code inference_url}.
	 * <p>
	 * The URL is trimmed and its fragment dropped. A malformed URL whose completions path ended up
	 * in the query is repaired first ({@code https://host?cid=trace/v1/chat/completions} becomes
	 * {@code https://host/v1/chat/completions?cid=trace}). Trailing slashes are stripped from the
	 * path, then the path is completed, always before the query string:
	 * <ul>
	 * <li>ending in {@code /chat/completions}: kept;</li>
	 * <li>ending in {@code /v1}: {@code /chat/completions} appended;</li>
	 * <li>ending in {@code /chat}: {@code /completions} appended;</li>
	 * <li>containing a {@code /v1/} segment (e.g. {@code /v1/trial-xyz}): {@code /chat/completions}
	 * appended;</li>
	 * <li>otherwise (including an empty path): {@code /v1/chat/completions} appended.</li>
	 * </ul>
	 * The query (e.g. {@code ?cid=trace_abc123}) is preserved unchanged; the scheme is lower-cased.
	 * @param inferenceUrl the inference URL from the policy config, an absolute {@code http} or
	 * {@code https} URL
	 * @return the chat-completions URL, e.g.
	 * {@code https://api.usesynth.ai/v1/trial-xyz/chat/completions?cid=trace_abc123}
	 * @throws IllegalArgumentException if the URL is blank, not an absolute {@code http(s)} URL
	 * with a host, has a non-numeric port or contains characters not allowed in a URI
	 */
	public static String chatCompletionsUrl(String inferenceUrl) {
		return chatCompletionsUri(inferenceUrl).toString();
	}

	/**
	 * Turns an {@code inference_url} into the chat-completions URL, as
	 * {@link #chatCompletionsUrl(String)} does, parsed.
	 * @param inferenceUrl the inference URL from the policy config
	 * @return the chat-completions URL; its {@link URI#toString()} is
	 * {@link #chatCompletionsUrl(String)}
	 * @throws IllegalArgumentException as {@link #chatCompletionsUrl(String)} does
	 */
	public static URI chatCompletionsUri(String inferenceUrl) {
		return endpoint(inferenceUrl, false).chatCompletionsUri();
	}

	/**
	 * Reads an {@code inference_url} once for both what a rollout needs of it: the
	 * chat-completions URL, as {@link #chatCompletionsUri(String)} builds it, and the trace
	 * correlation id, as {@link #correlationId(String)} finds it.
	 * @param inferenceUrl the inference URL from the policy config
	 * @return the endpoint
	 * @throws IllegalArgumentException as {@link #chatCompletionsUrl(String)} does
	 */
	public static Endpoint endpoint(String inferenceUrl) {
		return endpoint(inferenceUrl, true);
	}

	private static Endpoint endpoint(String inferenceUrl, boolean withCorrelationId) {
		if (inferenceUrl == null || inferenceUrl.isBlank()) {
			throw new IllegalArgumentException("inference_url must not be blank");
		}
		String candidate = inferenceUrl.strip();
		Matcher schemeMatcher = SCHEME.matcher(candidate);
		if (!schemeMatcher.find()) {
			throw invalid(candidate, "it is not an absolute URL such as https://host/v1");
		}
		String scheme = schemeMatcher.group(1).toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw invalid(candidate, "the scheme must be http or https");
		}
		String rest = withoutFragment(candidate.substring(schemeMatcher.end()));
		int authorityEnd = indexOfAny(rest, "/?");
		String authority = (authorityEnd < 0) ? rest : rest.substring(0, authorityEnd);
		checkAuthority(candidate, authority);
		UrlTail tail = UrlTail.parse((authorityEnd < 0) ? "" : rest.substring(authorityEnd)).repaired();
		StringBuilder result = new StringBuilder(scheme).append("://")
			.append(authority)
			.append(completionsPath(tail.path()));
		if (!tail.query().isEmpty()) {
			result.append('?').append(tail.query());
		}
		String url = result.toString();
		try {
			return new Endpoint(new URI(url), withCorrelationId ? correlationIdOf(tail) : null);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException(
					"inference_url '" + candidate + "' is not a valid URL: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Extracts the trace correlation id from an {@code inference_url}.
	 * <p>
	 * Looked for in this order:
	 * <ol>
	 * <li>the path segment just before a trailing {@code chat/completions}, when it starts with
	 * {@code trace_}, {@code cid_} or {@code eval_} (e.g.
	 * {@code /v1/trial-xyz/trace_abc123/chat/completions});</li>
	 * <li>otherwise the last path segment starting with one of those prefixes;</li>
	 * <li>otherwise the first non-blank value of the query parameter {@code cid}, then
	 * {@code trace_correlation_id}, then {@code trace} (values are URL-decoded and trimmed; blank
	 * values are skipped).</li>
	 * </ol>
	 * Prefixes are case-sensitive and path segments are compared as they appear in the URL (not
	 * decoded). The host and the fragment are never searched. The URL need not be absolute: a bare
	 * path or a URL without a scheme is searched too. A malformed URL of the form
	 * {@code https://host?cid=trace/v1/chat/completions} is repaired first, as in
	 * {@link #chatCompletionsUrl(String)}.
	 * @param inferenceUrl the inference URL, may be {@code null}
	 * @return the correlation id, or {@code null} when the URL is {@code null}, blank or carries
	 * none
	 */
	public static @Nullable String correlationId(@Nullable String inferenceUrl) {
		if (inferenceUrl == null || inferenceUrl.isBlank()) {
			return null;
		}
		String rest = withoutFragment(inferenceUrl.strip());
		Matcher schemeMatcher = SCHEME.matcher(rest);
		if (schemeMatcher.find()) {
			rest = withoutAuthority(rest.substring(schemeMatcher.end()));
		}
		else if (rest.startsWith("//")) {
			rest = withoutAuthority(rest.substring(2));
		}
		return correlationIdOf(UrlTail.parse(rest).repaired());
	}

	private static @Nullable String correlationIdOf(UrlTail tail) {
		String fromPath = correlationIdFromPath(tail.path());
		return (fromPath != null) ? fromPath : correlationIdFromQuery(tail.query());
	}

	/**
	 * Returns the inference URL a policy config names: the first value of the keys
	 * {@code inference_url}, {@code api_base} and {@code base_url} (in that order) that is a
	 * non-blank {@link String}. Values that are missing, {@code null}, blank or not strings are
	 * skipped.
	 * @param policyConfig the free-form {@code policy.config} object of a rollout request
	 * @return the inference URL with surrounding whitespace removed, or {@code null} when none of
	 * the keys holds one
	 */
	public static @Nullable String inferenceUrlOf(Map<String, ?> policyConfig) {
		Objects.requireNonNull(policyConfig, "policyConfig must not be null");
		for (String key : INFERENCE_URL_KEYS) {
			if (policyConfig.get(key) instanceof String value && !value.isBlank()) {
				return value.strip();
			}
		}
		return null;
	}

	private static String completionsPath(String path) {
		if (path.endsWith(CHAT_COMPLETIONS)) {
			return path;
		}
		if (path.endsWith("/v1")) {
			return path + CHAT_COMPLETIONS;
		}
		if (path.endsWith("/chat")) {
			return path + "/completions";
		}
		if (path.contains("/v1/")) {
			return path + CHAT_COMPLETIONS;
		}
		return path + "/v1" + CHAT_COMPLETIONS;
	}

	private static @Nullable String correlationIdFromPath(String path) {
		List<String> segments = new ArrayList<>();
		for (String segment : path.split("/")) {
			if (!segment.isEmpty()) {
				segments.add(segment);
			}
		}
		int size = segments.size();
		if (size >= 3 && segments.get(size - 2).equals("chat") && segments.get(size - 1).equals("completions")) {
			String candidate = segments.get(size - 3);
			if (hasCorrelationIdPrefix(candidate)) {
				return candidate.strip();
			}
		}
		for (int i = size - 1; i >= 0; i--) {
			if (hasCorrelationIdPrefix(segments.get(i))) {
				return segments.get(i).strip();
			}
		}
		return null;
	}

	private static boolean hasCorrelationIdPrefix(String segment) {
		for (String prefix : CORRELATION_ID_PREFIXES) {
			if (segment.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String correlationIdFromQuery(String query) {
		if (query.isEmpty()) {
			return null;
		}
		String[] pairs = query.split("&");
		for (String key : CORRELATION_ID_QUERY_KEYS) {
			for (String pair : pairs) {
				int equals = pair.indexOf('=');
				if (equals < 0 || !decode(pair.substring(0, equals)).equals(key)) {
					continue;
				}
				String value = decode(pair.substring(equals + 1)).strip();
				if (!value.isEmpty()) {
					return value;
				}
			}
		}
		return null;
	}

	private static String decode(String component) {
		try {
			return URLDecoder.decode(component, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// Malformed percent escape: use the text as it stands.
			return component;
		}
	}

	private static void checkAuthority(String url, String authority) {
		String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
		String host;
		String port;
		if (hostAndPort.startsWith("[")) {
			int close = hostAndPort.indexOf(']');
			if (close < 0) {
				throw invalid(url, "the IPv6 host is not closed with ']'");
			}
			host = hostAndPort.substring(0, close + 1);
			String afterHost = hostAndPort.substring(close + 1);
			if (!afterHost.isEmpty() && !afterHost.startsWith(":")) {
				throw invalid(url, "unexpected text after the IPv6 host");
			}
			port = afterHost.isEmpty() ? "" : afterHost.substring(1);
		}
		else {
			int colon = hostAndPort.indexOf(':');
			host = (colon < 0) ? hostAndPort : hostAndPort.substring(0, colon);
			port = (colon < 0) ? "" : hostAndPort.substring(colon + 1);
		}
		if (host.isEmpty()) {
			throw invalid(url, "it has no host");
		}
		if (!port.chars().allMatch((ch) -> ch >= '0' && ch <= '9')) {
			throw invalid(url, "the port '" + port + "' is not a number");
		}
	}

	private static IllegalArgumentException invalid(String url, String reason) {
		return new IllegalArgumentException("inference_url '" + url + "' is not a valid URL: " + reason);
	}

	private static String withoutFragment(String url) {
		int hash = url.indexOf('#');
		return (hash < 0) ? url : url.substring(0, hash);
	}

	private static String withoutAuthority(String afterScheme) {
		int authorityEnd = indexOfAny(afterScheme, "/?");
		return (authorityEnd < 0) ? "" : afterScheme.substring(authorityEnd);
	}

	private static int indexOfAny(String text, String chars) {
		for (int i = 0; i < text.length(); i++) {
			if (chars.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

	private static String stripTrailingSlashes(String path) {
		int end = path.length();
		while (end > 0 && path.charAt(end - 1) == '/') {
			end--;
		}
		return path.substring(0, end);
	}

	private static String stripLeadingSlashes(String path) {
		int start = 0;
		while (start < path.length() && path.charAt(start) == '/') {
			start++;
		}
		return path.substring(start);
	}

	/**
	 * What a rollout needs of its {@code inference_url}.
	 *
	 * @param chatCompletionsUri the chat-completions URL, as
	 * {@link InferenceUrls#chatCompletionsUri(String)} builds it
	 * @param correlationId the trace correlation id, as
	 * {@link InferenceUrls#correlationId(String)} finds it, or {@code null}
	 */
	public record Endpoint(URI chatCompletionsUri, @Nullable String correlationId) {

	}

	/**
	 * Path and query of a URL, without scheme, authority and fragment.
	 *
	 * @param path the path, possibly empty
	 * @param query the query without {@code ?}, possibly empty
	 */
	private record UrlTail(String path, String query) {

		static UrlTail parse(String pathAndQuery) {
			int question = pathAndQuery.indexOf('?');
			return (question < 0) ? new UrlTail(pathAndQuery, "")
					: new UrlTail(pathAndQuery.substring(0, question), pathAndQuery.substring(question + 1));
		}

		/**
		 * Moves a path that ended up in the query back into the path (the SDK's repair of
		 * {@code https://host?cid=trace/v1/chat/completions}), cuts off whatever still follows a
		 * {@code /} in the query, and strips trailing slashes from the path.
		 */
		UrlTail repaired() {
			String newPath = stripTrailingSlashes(this.path);
			String newQuery = this.query;
			int slash = newQuery.indexOf('/');
			if (slash >= 0) {
				String baseQuery = newQuery.substring(0, slash);
				String remainder = newQuery.substring(slash + 1);
				String extraQuery = "";
				int separator = indexOfAny(remainder, "&?");
				if (separator >= 0) {
					extraQuery = remainder.substring(separator + 1);
					remainder = remainder.substring(0, separator);
				}
				String queryPath = stripTrailingSlashes(stripLeadingSlashes(remainder));
				if (!queryPath.isEmpty()) {
					newPath = newPath + "/" + queryPath;
				}
				newQuery = (baseQuery.isEmpty() || extraQuery.isEmpty()) ? baseQuery + extraQuery
						: baseQuery + "&" + extraQuery;
				int leftover = newQuery.indexOf('/');
				if (leftover >= 0) {
					newQuery = newQuery.substring(0, leftover);
				}
			}
			return new UrlTail(newPath, newQuery);
		}

	}

}
