package dev.taskapp.container;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions that hold an answer to the schemas of the container contract
 * ({@code container-contract-v1.yaml}, v0.2.0) and of the GEPA v2 sub-contract, written from
 * their field lists: required fields, types and enum values.
 */
final class ContainerSchemas {

	static final Set<String> ROLLOUT_STATES = Set.of("queued", "running", "paused", "completed", "failed",
			"cancelled");

	private ContainerSchemas() {
	}

	/** HealthResponse: {@code status} string, {@code contract_version} string. */
	static void health(Map<String, Object> body) {
		assertThat(body).containsOnlyKeys("status", "contract_version");
		assertThat(body.get("status")).isEqualTo("ok");
		assertThat(body.get("contract_version")).isInstanceOf(String.class);
	}

	/**
	 * InfoResponse: required {@code capabilities} with required {@code protocol},
	 * {@code contract_version}, {@code live_frames} (enum) and {@code metadata}
	 * ({@code policy_ready}, {@code program_ready} booleans); {@code scale_leases} an integer
	 * of at least 0; {@code rollout_modes} of {@code blocking}/{@code async}; and GEPA v2's
	 * {@code metadata.optimizer_contracts.gepa} with its version and four absolute routes.
	 */
	@SuppressWarnings("unchecked")
	static void info(Map<String, Object> body) {
		assertThat(body).containsKey("capabilities");
		Map<String, Object> capabilities = (Map<String, Object>) body.get("capabilities");
		assertThat(capabilities).containsKeys("protocol", "contract_version", "live_frames", "metadata");
		assertThat(capabilities.get("protocol")).isInstanceOf(String.class);
		assertThat(capabilities.get("contract_version")).isInstanceOf(String.class);
		assertThat(capabilities.get("live_frames")).isIn("native", "sampled", "post_hoc", "unsupported");
		assertThat((Integer) capabilities.get("scale_leases")).isGreaterThanOrEqualTo(0);
		assertThat((List<String>) capabilities.get("rollout_modes")).isSubsetOf("blocking", "async");
		Map<String, Object> capabilityMetadata = (Map<String, Object>) capabilities.get("metadata");
		assertThat(capabilityMetadata.get("policy_ready")).isInstanceOf(Boolean.class);
		assertThat(capabilityMetadata.get("program_ready")).isInstanceOf(Boolean.class);
		Map<String, Object> metadata = (Map<String, Object>) body.get("metadata");
		Map<String, Object> gepa = (Map<String, Object>) ((Map<String, Object>) metadata.get("optimizer_contracts"))
			.get("gepa");
		assertThat(gepa.get("version")).isEqualTo("synth_optimizers.gepa.v2");
		for (String route : List.of("program_route", "taskset_route", "taskset_tasks_route", "rollout_route")) {
			assertThat(gepa.get(route)).asString().startsWith("/");
		}
	}

	/** PromptProgram {@code prompt_program.v1}. */
	@SuppressWarnings("unchecked")
	static void program(Map<String, Object> body) {
		assertThat(body).containsKeys("version", "program_id", "modules", "target_modules", "seed_candidate");
		assertThat(body.get("version")).isEqualTo("prompt_program.v1");
		List<Map<String, Object>> modules = (List<Map<String, Object>>) body.get("modules");
		assertThat(modules).isNotEmpty().allSatisfy((module) -> {
			assertThat(module).containsKeys("module_id", "role", "content", "mutable", "candidate_field",
					"template_variables");
			assertThat(module.get("role")).isIn("system", "user", "assistant", "developer");
			assertThat(module.get("mutable")).isInstanceOf(Boolean.class);
		});
		List<Map<String, Object>> targets = (List<Map<String, Object>>) body.get("target_modules");
		Map<String, Object> seed = (Map<String, Object>) body.get("seed_candidate");
		assertThat(targets).isNotEmpty().allSatisfy((target) -> {
			assertThat(target).containsKeys("module_id", "candidate_field", "objective");
			assertThat(seed).containsKey((String) target.get("candidate_field"));
		});
	}

	/**
	 * TaskInfoResponse: {@code task}, {@code dataset}, {@code task_metadata} and
	 * {@code metadata} objects, {@code environment} a string, when present.
	 */
	static void taskInfo(Map<String, Object> body) {
		for (String key : List.of("task", "dataset", "capabilities", "limits", "inference", "task_metadata",
				"metadata")) {
			if (body.containsKey(key)) {
				assertThat(body.get(key)).as(key).isInstanceOf(Map.class);
			}
		}
		if (body.containsKey("environment")) {
			assertThat(body.get("environment")).isInstanceOf(String.class);
		}
	}

	/** The taskset description GEPA v2 reads. */
	static void taskset(Map<String, Object> body) {
		assertThat(body.get("taskset_id")).isInstanceOf(String.class);
		assertThat(body.get("splits")).isInstanceOf(Map.class);
	}

	/** The tasks of {@code /taskset/tasks}: one object per id, in order, each with its {@code task_id}. */
	@SuppressWarnings("unchecked")
	static void tasks(Map<String, Object> body, List<String> requestedIds) {
		List<Map<String, Object>> tasks = (List<Map<String, Object>>) body.get("tasks");
		assertThat(tasks).extracting((task) -> task.get("task_id")).containsExactlyElementsOf(requestedIds);
	}

	/**
	 * RolloutResponse: required {@code rollout_id} and {@code trace_correlation_id} strings,
	 * {@code status} a RolloutState, {@code reward_info.outcome_reward} a number and
	 * {@code event_rewards} objects, ISO timestamps, and the parts GEPA's result reading
	 * uses.
	 */
	@SuppressWarnings("unchecked")
	static void completedRollout(Map<String, Object> body) {
		rolloutShape(body);
		assertThat(body.get("status")).isEqualTo("completed");
		Map<String, Object> rewardInfo = (Map<String, Object>) body.get("reward_info");
		assertThat(rewardInfo.get("outcome_reward")).isInstanceOf(Number.class);
		assertThat((List<Object>) rewardInfo.get("event_rewards")).allSatisfy((event) -> assertThat(event).isInstanceOf(Map.class));
		assertThat(((Map<String, Object>) body.get("summary")).get("outcome_reward")).isInstanceOf(Number.class);
		assertThat((List<Map<String, Object>>) body.get("objective_scores"))
			.allSatisfy((score) -> assertThat(score).containsKeys("objective", "value"));
		assertThat((Map<String, Object>) body.get("usage")).containsKeys("prompt_tokens", "completion_tokens",
				"total_tokens");
		assertThat((Map<String, Object>) body.get("actionable_side_info")).containsKeys("prediction", "expected");
	}

	/** RolloutResponse of a rollout that has not finished, or finished without an answer. */
	static void rolloutShape(Map<String, Object> body) {
		assertThat(body.get("rollout_id")).asString().isNotBlank();
		assertThat(body.get("trace_correlation_id")).asString().isNotBlank();
		assertThat(body.get("status")).isIn(ROLLOUT_STATES.toArray());
		assertThat(body.get("success_status")).isInstanceOf(String.class);
		assertThat(Instant.parse((String) body.get("created_at"))).isNotNull();
		assertThat(Instant.parse((String) body.get("updated_at"))).isNotNull();
	}

	/** RolloutStateResponse. */
	static void state(Map<String, Object> body) {
		assertThat(body.get("rollout_id")).asString().isNotBlank();
		assertThat(body.get("status")).isIn(ROLLOUT_STATES.toArray());
	}

	/** ValidationError: required {@code code} and {@code message} strings, {@code fields} strings. */
	@SuppressWarnings("unchecked")
	static void validationError(Map<String, Object> body) {
		assertThat(body.get("code")).isInstanceOf(String.class);
		assertThat(body.get("message")).isInstanceOf(String.class);
		assertThat((List<Object>) body.get("fields")).allSatisfy((field) -> assertThat(field).isInstanceOf(String.class));
	}

}
