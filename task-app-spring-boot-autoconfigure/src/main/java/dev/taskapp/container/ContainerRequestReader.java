package dev.taskapp.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.taskapp.config.PolicyTarget;
import dev.taskapp.config.TaskDataset;
import org.jspecify.annotations.Nullable;

/**
 * Reads a container rollout request, leniently: unknown fields and explicit nulls are ignored
 * and a missing {@code rollout_id} is minted, but what is there is checked: the enums, the
 * {@code task_instance_id} pattern, {@code policy.provider} and {@code policy.model}, and no raw
 * credential inside {@code policy} or {@code policy.config}.
 */
final class ContainerRequestReader {

	private static final Pattern ROLLOUT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

	private static final Pattern TASK_INSTANCE_ID = Pattern.compile("^.*:(-?\\d+)$");

	private static final Set<String> CREDENTIAL_KEYS = Set.of("access_token", "api_key", "apikey", "authorization",
			"bearer_token", "secret_key");

	private static final Map<String, Set<String>> POLICY_ENUMS = Map.of("api_family",
			Set.of("chat_completions", "responses"), "tool_call_style",
			Set.of("openai_chat", "openai_responses", "codex_session_native", "none"), "proxy_mode",
			Set.of("allow_direct", "proxy_only", "assert_proxy"), "credential_mode", Set.of("byok", "proxy"),
			"disable_reasoning", Set.of("auto", "on", "off"));

	private final @Nullable TaskDataset dataset;

	ContainerRequestReader(@Nullable TaskDataset dataset) {
		this.dataset = dataset;
	}

	/**
	 * Reads a parsed body.
	 * @param body the body
	 * @return the request
	 * @throws ContainerError (422) if a field that is there is invalid
	 */
	ContainerRolloutRequest read(Map<String, Object> body) {
		String givenId = optionalText(body, "rollout_id");
		if (givenId != null && !ROLLOUT_ID.matcher(givenId).matches()) {
			throw ContainerError.invalid("rollout_id",
					"rollout_id must be 1 to 200 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
		}
		String rolloutId = (givenId != null) ? givenId : "rollout_" + UUID.randomUUID().toString().replace("-", "");
		String correlationId = optionalText(body, "trace_correlation_id");
		String mode = enumValue(body, "submission_mode", "submission_mode", Set.of("sync", "async"));
		enumValue(body, "execution", "execution", Set.of("background", "on_complete"));
		String idempotencyKey = optionalText(body, "idempotency_key");
		Map<String, Object> policy = optionalObject(body, "policy");
		PolicyTarget target = PolicyTarget.NONE;
		Map<String, Object> policyConfig = Map.of();
		if (policy != null) {
			refuseCredentials(policy, "policy");
			policyConfig = orEmpty(optionalObject(policy, "config", "policy.config"));
			refuseCredentials(policyConfig, "policy.config");
			target = policyTarget(policy);
		}
		Map<String, String> candidate = new LinkedHashMap<>(candidate(optionalObject(body, "candidate"), "candidate"));
		Map<String, Object> overlay = optionalObject(body, "candidate_overlay");
		if (overlay != null) {
			candidate.putAll(candidate(optionalObject(overlay, "candidate", "candidate_overlay.candidate"),
					"candidate_overlay.candidate"));
		}
		Map<String, Object> env = orEmpty(optionalObject(body, "env"));
		Map<String, Object> envConfig = orEmpty(optionalObject(env, "config", "env.config"));
		Map<String, Object> task = task(body, env, envConfig);
		return new ContainerRolloutRequest(rolloutId, (correlationId != null) ? correlationId : rolloutId,
				optionalText(body, "trial_id"), "async".equals(mode), (idempotencyKey != null) ? idempotencyKey : givenId,
				target, policyConfig, candidate, task, envConfig);
	}

	private static PolicyTarget policyTarget(Map<String, Object> policy) {
		String provider = optionalText(policy, "provider", "policy.provider");
		String model = optionalText(policy, "model", "policy.model");
		if (provider == null || model == null) {
			throw ContainerError.invalid((provider == null) ? "policy.provider" : "policy.model",
					"policy.provider and policy.model are required when policy is present");
		}
		for (Map.Entry<String, Set<String>> values : POLICY_ENUMS.entrySet()) {
			enumValue(policy, values.getKey(), "policy." + values.getKey(), values.getValue());
		}
		String inferenceUrl = optionalText(policy, "inference_url", "policy.inference_url");
		if (inferenceUrl == null) {
			inferenceUrl = optionalText(policy, "base_url", "policy.base_url");
		}
		Integer maxTokens = null;
		Object tokens = policy.get("max_tokens");
		if (tokens != null) {
			if (!(tokens instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
					|| number.doubleValue() < 1) {
				throw ContainerError.invalid("policy.max_tokens", "policy.max_tokens must be a positive integer");
			}
			maxTokens = number.intValue();
		}
		return new PolicyTarget(provider, model, inferenceUrl, optionalText(policy, "api_family", "policy.api_family"),
				maxTokens);
	}

	private static void refuseCredentials(Map<String, Object> object, String where) {
		for (String key : object.keySet()) {
			String name = key.toLowerCase(Locale.ROOT);
			if (CREDENTIAL_KEYS.contains(name) || name.endsWith("_api_key")) {
				throw ContainerError.invalid(where + "." + key, where + " must not carry a raw credential ('" + key
						+ "'); use credential_mode byok or proxy instead");
			}
		}
	}

	private static Map<String, String> candidate(@Nullable Map<String, Object> candidate, String where) {
		if (candidate == null) {
			return Map.of();
		}
		Map<String, String> texts = new LinkedHashMap<>();
		candidate.forEach((field, value) -> {
			if (value == null) {
				return;
			}
			if (!(value instanceof String text)) {
				throw ContainerError.invalid(where + "." + field, where + "." + field + " must be a string");
			}
			texts.put(field, text);
		});
		return texts;
	}

	/**
	 * Resolves the task row from {@code dataset_row}, {@code task}, {@code task_instance_id},
	 * {@code task_id} or {@code env.seed}, filling what the data set knows of it.
	 */
	private Map<String, Object> task(Map<String, Object> body, Map<String, Object> env,
			Map<String, Object> envConfig) {
		String instanceId = optionalText(body, "task_instance_id");
		if (instanceId != null && !TASK_INSTANCE_ID.matcher(instanceId).matches()) {
			throw ContainerError.invalid("task_instance_id",
					"task_instance_id must end with ':<integer seed>', such as banking77:train:3");
		}
		String taskId = optionalText(body, "task_id");
		Map<String, Object> row = optionalObject(body, "dataset_row");
		if (row == null) {
			row = optionalObject(body, "task");
		}
		Map<String, Object> task = new LinkedHashMap<>(orEmpty(row));
		TaskDataset.TaskId id = null;
		if (task.get("task_id") instanceof String rowTaskId) {
			id = known(TaskDataset.TaskId.parse(rowTaskId));
		}
		if (id == null && task.get("split") instanceof String split && task.get("seed") instanceof Number seed) {
			id = known(new TaskDataset.TaskId(split, seed.intValue()));
		}
		if (id == null && row == null && instanceId != null) {
			id = known(instanceTaskId(instanceId));
		}
		if (id == null && row == null) {
			id = known(TaskDataset.TaskId.parse(taskId));
		}
		if (id == null && row == null && env.get("seed") instanceof Number seed && this.dataset != null) {
			Object split = envConfig.get("split");
			String name = (split instanceof String text) ? text
					: this.dataset.splitSizes().keySet().iterator().next();
			id = known(new TaskDataset.TaskId(name, seed.intValue()));
			if (id == null) {
				throw ContainerError.invalid("env.config.split", "env.config.split names no split of the data set "
						+ this.dataset.splitSizes().keySet());
			}
		}
		if (id != null && this.dataset != null) {
			this.dataset.row(id.split(), id.seed()).forEach(task::putIfAbsent);
		}
		if (!task.containsKey("task_id") && taskId != null) {
			task.put("task_id", taskId);
		}
		if (instanceId != null) {
			task.putIfAbsent("task_instance_id", instanceId);
		}
		if (!task.containsKey("seed") && env.get("seed") instanceof Number seed) {
			task.put("seed", seed.intValue());
		}
		return task;
	}

	private static TaskDataset.@Nullable TaskId instanceTaskId(String instanceId) {
		String[] parts = instanceId.split(":");
		if (parts.length < 2) {
			return null;
		}
		return TaskDataset.TaskId.parse(parts[parts.length - 2] + ":" + parts[parts.length - 1]);
	}

	private TaskDataset.@Nullable TaskId known(TaskDataset.@Nullable TaskId id) {
		return (id != null && this.dataset != null && this.dataset.hasSplit(id.split())
				&& this.dataset.splitSizes().get(id.split()) > 0) ? id : null;
	}

	private static @Nullable String enumValue(Map<String, Object> object, String key, String field,
			Set<String> allowed) {
		String value = optionalText(object, key, field);
		if (value != null && !allowed.contains(value)) {
			throw ContainerError.invalid(field, field + " must be one of " + List.copyOf(new TreeSet<>(allowed))
					+ ", got '" + value + "'");
		}
		return value;
	}

	private static @Nullable String optionalText(Map<String, Object> object, String key) {
		return optionalText(object, key, key);
	}

	private static @Nullable String optionalText(Map<String, Object> object, String key, String field) {
		Object value = object.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw ContainerError.invalid(field, field + " must be a string");
		}
		return text.isBlank() ? null : text;
	}

	private static @Nullable Map<String, Object> optionalObject(Map<String, Object> object, String key) {
		return optionalObject(object, key, key);
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Map<String, Object> optionalObject(Map<String, Object> object, String key,
			String field) {
		Object value = object.get(key);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw ContainerError.invalid(field, field + " must be an object");
		}
		return (Map<String, Object>) map;
	}

	private static Map<String, Object> orEmpty(@Nullable Map<String, Object> object) {
		return (object != null) ? object : Map.of();
	}

}
