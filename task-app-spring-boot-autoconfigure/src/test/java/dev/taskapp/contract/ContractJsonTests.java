package dev.taskapp.contract;

import java.util.List;
import java.util.Map;

import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips of the example bodies of the contract reference (§1.5, §1.6, §3.1, §3.3): read
 * into the records and written back, they come out as the reference server dumps them.
 */
class ContractJsonTests {

	private final JsonMapper mapper = TaskAppJson.mapper();

	@Test
	void infoEnvelopeRoundTripsUnchanged() {
		assertRoundTrip(ContractExamples.INFO, TaskAppInfo.class);
	}

	@Test
	void infoEnvelopeIsBuiltFromTheBaseTaskInfo() {
		TaskInfo base = TaskInfo.of(new TaskDescriptor("banking77", "Banking77", null, "1.0.0"), "banking77")
			.withDataset(new DatasetInfo("banking77", null, null, List.of("train", "test"), "train", null))
			.withInference(new InferenceInfo("gpt-4o-mini", null))
			.withLimits(new LimitsInfo(1, null, 30));
		assertThat(tree(this.mapper.writeValueAsString(TaskAppInfo.of(base, null)))).isEqualTo(tree(ContractExamples.INFO));
	}

	@Test
	void perSeedTaskInfoRoundTripsWithItsExtraKeys() {
		TaskInfo taskInfo = assertRoundTrip(ContractExamples.TASK_INFO, TaskInfo.class);
		assertThat(taskInfo.dataset().extra()).containsEntry("seed", 3);
		assertThat(taskInfo.taskMetadata()).containsEntry("query", "How do I reset my PIN?");
	}

	@Test
	void taskInfoWithOnlyRequiredPartsIsWrittenWithEveryDefault() {
		TaskInfo taskInfo = TaskInfo.of(new TaskDescriptor("t", "T"), "env");
		assertThat(tree(this.mapper.writeValueAsString(taskInfo))).isEqualTo(tree("""
				{"task": {"id": "t", "name": "T", "description": null, "version": null},
				 "environment": "env",
				 "dataset": {"id": null, "name": null, "version": null, "splits": [], "default_split": null, "description": null},
				 "rubric": {"outcome": null, "events": null},
				 "inference": {"model": null, "inference_url": null},
				 "limits": {"max_turns": null, "max_response_tokens": null, "timeout_seconds": null},
				 "task_metadata": {}}"""));
	}

	@Test
	void unknownKeysAreKeptAtEveryTaskInfoLevel() {
		String json = """
				{"task": {"id": "t", "name": "T", "description": null, "version": null, "family": "nlp"},
				 "environment": "env",
				 "dataset": {"id": null, "name": null, "version": null, "splits": [], "default_split": null,
				             "description": null, "sizes": {"train": 3}},
				 "rubric": {"outcome": {"name": "accuracy", "criteria": [{"id": "c", "description": "d", "weight": 1.0, "hint": "h"}]},
				            "events": null, "note": "n"},
				 "inference": {"model": null, "inference_url": null, "provider": "openai"},
				 "limits": {"max_turns": null, "max_response_tokens": null, "timeout_seconds": null, "max_tools": 2},
				 "task_metadata": {},
				 "capabilities": ["classify"]}""";
		assertRoundTrip(json, TaskInfo.class);
	}

	@Test
	void rolloutRequestExampleIsWrittenBackWithEveryDefault() {
		RolloutRequest request = this.mapper.readValue(ContractExamples.ROLLOUT_REQUEST, RolloutRequest.class);
		assertThat(request.mode()).isEqualTo(RolloutMode.EVAL);
		assertThat(request.env().resolvedSeed()).isEqualTo(42);
		assertThat(request.policy().inferenceUrl()).isEqualTo("https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123");
		JsonNode written = tree(this.mapper.writeValueAsString(request));
		assertThat(written.get("record")).isEqualTo(tree("""
				{"trajectories": true, "logprobs": false, "value": false, "return_trace": false, "trace_format": "compact"}"""));
		assertThat(written.get("safety")).isEqualTo(tree("{\"max_ops\": 100000, \"max_time_s\": 3600.0}"));
		assertThat(written.get("on_done").asString()).isEqualTo("reset");
		assertThat(written.get("policy").get("output_mode").asString()).isEqualTo("tool_calls");
		assertThat(written.get("policy").get("config")).isEqualTo(tree(ContractExamples.ROLLOUT_REQUEST).get("policy").get("config"));
		assertThat(written.get("trace_correlation_id").isNull()).isTrue();
		assertThat(this.mapper.readValue(written.toString(), RolloutRequest.class)).isEqualTo(request);
	}

	@Test
	void rolloutResponseExampleRoundTripsUnchanged() {
		RolloutResponse response = assertRoundTrip(ContractExamples.ROLLOUT_RESPONSE, RolloutResponse.class);
		assertThat(response.metrics().meanReturn()).isEqualTo(1.0);
		assertThat(response.trajectories().get(0).steps().get(0).toolCalls().get(0).function().name())
			.isEqualTo("classify");
	}

	@Test
	void rolloutResponseBuiltInCodeMatchesTheExample() {
		String inferenceUrl = "https://api.usesynth.ai/v1/trial-xyz?cid=trace_abc123";
		RolloutStep step = RolloutStep.builder()
			.obs(Map.of("query", "How do I reset my PIN?", "index", 42))
			.toolCalls(List.of(ToolCall.function("call_1", "classify", "{\"intent\": \"change_pin\"}")))
			.reward(1.0)
			.done(true)
			.info(Map.of("expected", "change_pin", "predicted", "change_pin", "correct", true, "meta",
					Map.of("inference_url", inferenceUrl)))
			.build();
		RolloutResponse response = RolloutResponse.builder("run_abc123")
			.trajectory(RolloutTrajectory.of("banking77::train::42", "policy_1", inferenceUrl, List.of(step)))
			.metrics(RolloutMetrics.ofSingleEpisode(1.0, 1))
			.opsExecuted(1)
			.traceCorrelationId("trace_abc123")
			.pipelineMetadata("inference_url", inferenceUrl)
			.build();
		assertThat(tree(this.mapper.writeValueAsString(response))).isEqualTo(tree(ContractExamples.ROLLOUT_RESPONSE));
	}

	@Test
	void unknownResponseFieldsAreIgnoredWhenReading() {
		String json = ContractExamples.ROLLOUT_RESPONSE.replace("\"aborted\": false", "\"aborted\": false, \"reward_info\": {\"outcome_reward\": 1.0}");
		RolloutResponse response = this.mapper.readValue(json, RolloutResponse.class);
		assertThat(tree(this.mapper.writeValueAsString(response))).isEqualTo(tree(ContractExamples.ROLLOUT_RESPONSE));
	}

	private <T> T assertRoundTrip(String json, Class<T> type) {
		T value = this.mapper.readValue(json, type);
		assertThat(tree(this.mapper.writeValueAsString(value))).isEqualTo(tree(json));
		return value;
	}

	private JsonNode tree(String json) {
		return this.mapper.readTree(json);
	}

}
