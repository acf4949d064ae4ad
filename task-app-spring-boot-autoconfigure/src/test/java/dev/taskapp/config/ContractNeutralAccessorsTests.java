package dev.taskapp.config;

import java.util.List;
import java.util.Map;

import dev.taskapp.contract.RolloutEnvSpec;
import dev.taskapp.contract.RolloutPolicySpec;
import dev.taskapp.contract.RolloutRequest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accessors of {@link RolloutContext} that serve both contracts, under the task-app
 * contract: they read {@code policy.config} and {@code env}.
 */
class ContractNeutralAccessorsTests {

	private static final PromptProgram PROGRAM = PromptProgram.of("classifier", "accuracy",
			PromptModule.mutable("classifier_system", "system", "system_prompt", "Seed text"),
			PromptModule.fixed("query", "user", "Query: {query}", "query"));

	private static final TaskAppConfig APP = TaskAppConfig.builder("app")
		.program(PROGRAM)
		.dataset(TaskDataset.builder("d").split("train", List.of(Map.of("query", "q0"))).build())
		.rollout((context) -> Mono.empty())
		.build();

	@Test
	void taskRowComesFromTheDatasetBySplitAndSeed() {
		RolloutContext context = RolloutContext.of(request(Map.of()), false, APP);
		assertThat(context.task()).isEqualTo(Map.of("task_id", "train:0", "split", "train", "seed", 0, "query", "q0"));
	}

	@Test
	void candidateIsReadFromThePromptTemplateSectionOfTheModulesRole() {
		Map<String, Object> config = Map.of("model", "gpt-4.1-nano", "inference_url", "http://llm.test/v1",
				"prompt_template", Map.of("prompt_sections", List.of(Map.of("role", "system", "content", "Be terse."),
						Map.of("role", "user", "content", "Query: {query}"))));
		RolloutContext context = RolloutContext.of(request(config), false, APP);
		assertThat(context.candidate("system_prompt")).isEqualTo("Be terse.");
		assertThat(context.candidate()).containsOnlyKeys("system_prompt");
		assertThat(context.isContainerRollout()).isFalse();
	}

	@Test
	void candidateObjectOfPolicyConfigWinsAndAPlainStringFieldIsAFallback() {
		Map<String, Object> config = Map.of("candidate", Map.of("system_prompt", "From candidate"), "instructions",
				"Plain field", "prompt_template",
				Map.of("sections", List.of(Map.of("role", "system", "pattern", "From template"))));
		RolloutContext context = RolloutContext.of(request(config), false, APP);
		assertThat(context.candidate("system_prompt")).isEqualTo("From candidate");
		assertThat(context.candidate("instructions")).isEqualTo("Plain field");
		assertThat(context.candidate("missing")).isNull();
	}

	@Test
	void policyTargetAndTaskComeFromPolicyConfigAndEnv() {
		Map<String, Object> config = Map.of("provider", "openai", "model", "gpt-4.1-nano", "inference_url",
				"http://llm.test/v1?cid=trace_1", "max_completion_tokens", 64, "api_family", "chat_completions");
		RolloutRequest request = new RolloutRequest("run_1", new RolloutEnvSpec(null, null, Map.of("split", "test"), 7),
				RolloutPolicySpec.ofConfig(config), List.of(), null, null, null, null, null, null, null);
		RolloutContext context = RolloutContext.of(request);
		assertThat(context.policy()).isEqualTo(new PolicyTarget("openai", "gpt-4.1-nano",
				"http://llm.test/v1?cid=trace_1", "chat_completions", 64));
		assertThat(context.task()).isEqualTo(Map.of("seed", 7, "split", "test"));
	}

	@Test
	void containerInputsReplaceWhatPolicyConfigSays() {
		RolloutContext context = RolloutContext.of(request(Map.of("model", "old")))
			.withContainerInputs(Map.of("system_prompt", "New"), new PolicyTarget("openai", "new", null, null, null),
					Map.of("task_id", "train:0"));
		assertThat(context.candidate("system_prompt")).isEqualTo("New");
		assertThat(context.candidate("model")).isNull();
		assertThat(context.policy().model()).isEqualTo("new");
		assertThat(context.task()).containsEntry("task_id", "train:0");
		assertThat(context.isContainerRollout()).isTrue();
	}

	@Test
	void programRendersTheCandidateOverItsSeed() {
		assertThat(PROGRAM.seedCandidate()).isEqualTo(Map.of("system_prompt", "Seed text"));
		assertThat(PROGRAM.render(Map.of("system_prompt", "Rewritten"))).containsExactly(
				Map.of("role", "system", "content", "Rewritten"), Map.of("role", "user", "content", "Query: {query}"));
		assertThat(PROGRAM.render(Map.of())).first().isEqualTo(Map.of("role", "system", "content", "Seed text"));
	}

	@Test
	void datasetFindsRowsBySeedOrTaskIdAndWrapsSeeds() {
		TaskDataset dataset = TaskDataset.builder("d")
			.split("train", List.of(Map.of("text", "a"), Map.of("text", "b")))
			.build();
		assertThat(dataset.row("train:1")).isEqualTo(Map.of("task_id", "train:1", "split", "train", "seed", 1, "text", "b"));
		assertThat(dataset.row("train", 2)).containsEntry("text", "a").containsEntry("task_id", "train:2");
		assertThat(TaskDataset.TaskId.parse("train")).isNull();
		assertThat(TaskDataset.TaskId.parse("train:x")).isNull();
	}

	private static RolloutRequest request(Map<String, Object> config) {
		return new RolloutRequest("run_1", RolloutEnvSpec.ofSeed(0), RolloutPolicySpec.ofConfig(config), List.of(),
				null, null, null, null, null, null, null);
	}

}
