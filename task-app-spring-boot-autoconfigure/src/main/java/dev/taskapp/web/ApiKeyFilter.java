package dev.taskapp.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Lets a request through to a protected route only when it presents an accepted API key;
 * answers anything else with the {@code unauthorised} error, naming which key headers were
 * present but never any part of a key.
 */
final class ApiKeyFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private static final Log logger = LogFactory.getLog(ApiKeyFilter.class);

	static final String X_API_KEY = "X-API-Key";

	static final String X_API_KEYS = "X-API-Keys";

	private final ApiKeyAuthenticator authenticator;

	private final int failureStatus;

	ApiKeyFilter(ApiKeyAuthenticator authenticator, int failureStatus) {
		this.authenticator = authenticator;
		this.failureStatus = failureStatus;
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		HttpHeaders headers = request.headers().asHttpHeaders();
		ApiKeyAuthenticator.Outcome outcome = this.authenticator.authenticate(headers.getFirst(X_API_KEY),
				headers.getFirst(X_API_KEYS), headers.getFirst(HttpHeaders.AUTHORIZATION));
		if (outcome.authorized()) {
			return next.handle(request);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Rejected " + request.method() + " " + request.path() + ": API key missing or invalid"
					+ " (X-API-Key present: " + outcome.hadXApiKey() + ", X-API-Keys present: " + outcome.hadXApiKeys()
					+ ", Authorization present: " + outcome.hadAuthorization() + ")");
		}
		return unauthorised(outcome);
	}

	private Mono<ServerResponse> unauthorised(ApiKeyAuthenticator.Outcome outcome) {
		Map<String, Object> presence = new LinkedHashMap<>();
		presence.put("have_x_api_key", outcome.hadXApiKey());
		presence.put("have_x_api_keys", outcome.hadXApiKeys());
		presence.put("have_authorization", outcome.hadAuthorization());
		ServerResponse.BodyBuilder response = ServerResponse.status(this.failureStatus)
			.contentType(MediaType.APPLICATION_JSON);
		if (this.failureStatus == 401) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		return response.bodyValue(ErrorBodies.error("unauthorised", "API key missing or invalid", presence));
	}

}
