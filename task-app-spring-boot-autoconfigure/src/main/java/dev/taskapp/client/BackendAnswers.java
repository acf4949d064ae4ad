package dev.taskapp.client;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * Turns the answers of the Synth backend into values or {@link PromptLearningJobException}s:
 * checks the status, decodes the body with the contract mapper, and builds redacted messages
 * that carry the backend's error detail ({@code {"detail": …}} as FastAPI sends it, or
 * {@code {"error": {"message": …}}}).
 */
final class BackendAnswers {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final String apiBase;

	BackendAnswers(String apiBase) {
		this.apiBase = apiBase;
	}

	/**
	 * Returns the answer if its status is 2xx.
	 * @param response the answer
	 * @param redactor the redactor of every secret of the call
	 * @return the answer
	 * @throws PromptLearningJobException otherwise: for 401 one that says the Synth API key was
	 * rejected
	 */
	BackendResponse requireSuccess(BackendResponse response, SecretRedactor redactor) {
		if (response.isSuccess()) {
			return response;
		}
		int status = response.status();
		String detail = ServerErrorMessage.extract(response.body(), redactor);
		String suffix = (detail != null) ? ": " + detail : "";
		String message;
		if (status == 401) {
			message = "Synth API key rejected by " + this.apiBase + " (" + response.request() + " answered 401"
					+ suffix + "); check SYNTH_API_KEY";
		}
		else {
			message = "Synth backend " + this.apiBase + " answered " + response.request() + " with " + status
					+ ((detail != null) ? suffix : " and no error detail");
		}
		boolean retryable = status == 429 || status >= 500;
		throw new PromptLearningJobException(message, status, detail, retryable, null);
	}

	/**
	 * Decodes a JSON object.
	 * @param response a 2xx answer
	 * @param redactor the redactor of every secret of the call
	 * @return the object, mutable
	 */
	Map<String, Object> object(BackendResponse response, SecretRedactor redactor) {
		Object value = value(response, redactor);
		if (!(value instanceof Map<?, ?> map)) {
			throw invalid(response, "expected a JSON object");
		}
		Map<String, Object> object = new LinkedHashMap<>();
		map.forEach((key, item) -> object.put(String.valueOf(key), item));
		return object;
	}

	/**
	 * Decodes any JSON value.
	 * @param response a 2xx answer
	 * @param redactor the redactor of every secret of the call
	 * @return the value: a map, a list, a string, a number, a boolean, or {@code null}
	 */
	@Nullable Object value(BackendResponse response, SecretRedactor redactor) {
		if (response.body().length == 0) {
			return null;
		}
		try {
			return TaskAppJson.mapper().readValue(response.body(), Object.class);
		}
		catch (JacksonException ex) {
			String reason = redactor.redactAndLimit(String.valueOf(ex.getOriginalMessage()),
					ServerErrorMessage.MAX_LENGTH);
			throw invalid(response, "it is not JSON (" + reason + ")");
		}
	}

	/**
	 * Returns the exception of a 2xx answer whose body is not what was expected.
	 * @param response the answer
	 * @param reason what is wrong with the body
	 * @return the exception
	 */
	PromptLearningJobException invalid(BackendResponse response, String reason) {
		return new PromptLearningJobException("Synth backend " + this.apiBase + " answered " + response.request()
				+ " with " + response.status() + ", but the body was unexpected: " + reason, response.status(), null,
				false, null);
	}

	/**
	 * Reads a map with string keys out of a decoded value.
	 * @param value the value
	 * @return the map, or {@code null} when the value is not a map
	 */
	static @Nullable Map<String, Object> asMap(@Nullable Object value) {
		if (!(value instanceof Map<?, ?> map)) {
			return null;
		}
		Map<String, Object> result = new LinkedHashMap<>();
		map.forEach((key, item) -> result.put(String.valueOf(key), item));
		return result;
	}

	/**
	 * Reads a non-blank string out of a decoded value.
	 * @param value the value
	 * @return the string, stripped, or {@code null} when it is not a non-blank string
	 */
	static @Nullable String asText(@Nullable Object value) {
		return (value instanceof String text && !text.isBlank()) ? text.strip() : null;
	}

	/**
	 * Reads a finite number out of a decoded value.
	 * @param value the value
	 * @return the number, or {@code null} when it is not a finite number
	 */
	static @Nullable Double asNumber(@Nullable Object value) {
		return (value instanceof Number number && Double.isFinite(number.doubleValue())) ? number.doubleValue() : null;
	}

}
