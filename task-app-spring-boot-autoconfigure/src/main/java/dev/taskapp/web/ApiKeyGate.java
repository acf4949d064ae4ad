package dev.taskapp.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request may reach a protected route and words the refusal: the
 * {@code unauthorised} error, naming which key headers were present but never any part of a
 * key.
 */
final class ApiKeyGate {

	private static final Log logger = LogFactory.getLog(ApiKeyGate.class);

	static final String X_API_KEY = "X-API-Key";

	static final String X_API_KEYS = "X-API-Keys";

	static final String AUTHORIZATION = "Authorization";

	private final ApiKeyAuthenticator authenticator;

	private final int failureStatus;

	ApiKeyGate(ApiKeyAuthenticator authenticator, int failureStatus) {
		this.authenticator = authenticator;
		this.failureStatus = failureStatus;
	}

	/**
	 * Checks the key headers of a request.
	 * @param request the request's method and path, for the log
	 * @param xApiKey the first {@code X-API-Key} value
	 * @param xApiKeys the first {@code X-API-Keys} value
	 * @param authorization the first {@code Authorization} value
	 * @return {@code null} when the request may pass, else the answer to send
	 */
	@Nullable RouteResponse check(Supplier<String> request, @Nullable String xApiKey, @Nullable String xApiKeys,
			@Nullable String authorization) {
		ApiKeyAuthenticator.Outcome outcome = this.authenticator.authenticate(xApiKey, xApiKeys, authorization);
		if (outcome.authorized()) {
			return null;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Rejected " + LogText.of(request.get()) + ": API key missing or invalid"
					+ " (X-API-Key present: " + outcome.hadXApiKey() + ", X-API-Keys present: " + outcome.hadXApiKeys()
					+ ", Authorization present: " + outcome.hadAuthorization() + ")");
		}
		return unauthorised(outcome);
	}

	private RouteResponse unauthorised(ApiKeyAuthenticator.Outcome outcome) {
		Map<String, Object> presence = new LinkedHashMap<>();
		presence.put("have_x_api_key", outcome.hadXApiKey());
		presence.put("have_x_api_keys", outcome.hadXApiKeys());
		presence.put("have_authorization", outcome.hadAuthorization());
		RouteResponse response = RouteResponse.json(this.failureStatus,
				ErrorBodies.error("unauthorised", "API key missing or invalid", presence));
		return (this.failureStatus == 401) ? response.withHeader("WWW-Authenticate", "Bearer") : response;
	}

}
