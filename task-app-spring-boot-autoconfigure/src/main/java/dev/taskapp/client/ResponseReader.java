package dev.taskapp.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskapp.contract.RolloutResponse;
import dev.taskapp.contract.TaskInfo;
import dev.taskapp.support.TaskAppJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the answers of a task app into values or {@link TaskAppClientException}s: checks the
 * status, decodes the body with the contract mapper ({@link TaskAppJson#mapper()}), and builds
 * redacted messages.
 */
final class ResponseReader {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper mapper = TaskAppJson.mapper();

	private final String baseUrl;

	private final SecretRedactor redactor;

	ResponseReader(String baseUrl, SecretRedactor redactor) {
		this.baseUrl = baseUrl;
		this.redactor = redactor;
	}

	/**
	 * Returns the answer if its status is 2xx.
	 * @param response the answer
	 * @return the answer
	 * @throws TaskAppClientException with the server's message otherwise
	 */
	RawResponse requireSuccess(RawResponse response) {
		if (response.isSuccess()) {
			return response;
		}
		String serverMessage = ServerErrorMessage.extract(response.body(), this.redactor);
		String message = "Task app " + this.baseUrl + " answered " + response.request() + " with "
				+ response.status() + ((serverMessage != null) ? ": " + serverMessage : " and no error message");
		throw new TaskAppClientException(message, response.status(), response.request().path(), serverMessage, null);
	}

	/**
	 * Decodes a rollout response.
	 * @param response a 2xx answer
	 * @return the rollout response
	 */
	RolloutResponse rolloutResponse(RawResponse response) {
		RolloutResponse rollout = decode(response, "RolloutResponse",
				() -> this.mapper.readValue(response.body(), RolloutResponse.class));
		if (rollout == null || rollout.runId() == null || rollout.metrics() == null) {
			throw invalid(response, "RolloutResponse", "run_id and metrics are required");
		}
		return rollout;
	}

	/**
	 * Decodes one TaskInfo object or an array of them.
	 * @param response a 2xx answer
	 * @return the TaskInfos
	 */
	List<TaskInfo> taskInfos(RawResponse response) {
		JsonNode json = decode(response, "TaskInfo", () -> this.mapper.readTree(response.body()));
		if (json != null && json.isObject()) {
			return List.of(taskInfo(response, json));
		}
		if (json != null && json.isArray()) {
			List<TaskInfo> infos = new ArrayList<>(json.size());
			for (JsonNode item : json) {
				if (!item.isObject()) {
					throw invalid(response, "TaskInfo", "an array item is not an object");
				}
				infos.add(taskInfo(response, item));
			}
			return Collections.unmodifiableList(infos);
		}
		throw invalid(response, "TaskInfo", "expected an object or an array");
	}

	private TaskInfo taskInfo(RawResponse response, JsonNode json) {
		TaskInfo info = decode(response, "TaskInfo", () -> this.mapper.treeToValue(json, TaskInfo.class));
		if (info == null) {
			throw invalid(response, "TaskInfo", "expected an object");
		}
		return info;
	}

	/**
	 * Decodes a JSON object.
	 * @param response a 2xx answer
	 * @param what what the body should be, for messages
	 * @return the object, unmodifiable
	 */
	Map<String, Object> object(RawResponse response, String what) {
		Map<String, Object> map = decode(response, what, () -> this.mapper.readValue(response.body(), MAP));
		if (map == null) {
			throw invalid(response, what, "expected a JSON object");
		}
		return Collections.unmodifiableMap(new LinkedHashMap<>(map));
	}

	/**
	 * Returns the {@code taskset} object of a {@code /task_info} answer without seeds.
	 * @param response a 2xx answer
	 * @return the taskset description, unmodifiable
	 */
	Map<String, Object> taskset(RawResponse response) {
		Map<String, Object> body = object(response, "taskset description");
		if (!(body.get("taskset") instanceof Map<?, ?> taskset)) {
			throw invalid(response, "taskset description", "it has no \"taskset\" object");
		}
		Map<String, Object> copy = new LinkedHashMap<>();
		taskset.forEach((key, value) -> copy.put(String.valueOf(key), value));
		return Collections.unmodifiableMap(copy);
	}

	/**
	 * Returns the exception of a request that got no answer.
	 * @param failure the transport failure
	 * @return the exception
	 */
	TaskAppClientException noAnswer(TransportFailure failure) {
		String message = "Task app " + this.baseUrl + " did not answer " + failure.request() + ": "
				+ failure.description();
		return new TaskAppClientException(message, TaskAppClientException.NO_STATUS, failure.request().path(), null,
				failure.getCause());
	}

	private <T> @Nullable T decode(RawResponse response, String what, Decoder<T> decoder) {
		try {
			return decoder.decode();
		}
		catch (JacksonException ex) {
			String reason = this.redactor.redactAndLimit(String.valueOf(ex.getOriginalMessage()),
					ServerErrorMessage.MAX_LENGTH);
			throw invalid(response, what, reason);
		}
	}

	private TaskAppClientException invalid(RawResponse response, String what, String reason) {
		String message = "Task app " + this.baseUrl + " answered " + response.request() + " with "
				+ response.status() + ", but the body was not a valid " + what + ": " + reason;
		return new TaskAppClientException(message, response.status(), response.request().path(), null, null);
	}

	@FunctionalInterface
	private interface Decoder<T> {

		@Nullable T decode();

	}

}
