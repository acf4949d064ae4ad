package dev.taskapp.sample;

import dev.taskapp.support.TaskAppJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link RlResponseRules} test helper itself, so that its silence means something.
 */
class RlResponseRulesTests {

	private static final String NO_META = ".info.meta is missing or not a dict."
			+ " RL trainer expects nested structure: info.meta.inference_url";

	private static JsonNode json(String text) {
		return TaskAppJson.mapper().readTree(text.replace('\'', '"'));
	}

	@Test
	void wellFormedResponsePasses() {
		String url = "'https://h/v1?cid=trace_1'";
		assertThat(RlResponseRules.issues(json("{'pipeline_metadata': {'inference_url': " + url + "},"
				+ " 'trajectories': [{'steps': [{'info': {'meta': {'inference_url': " + url + "}}}]}]}")))
			.isEmpty();
	}

	@Test
	void missingPipelineMetadataAndTrajectoriesAreReported() {
		assertThat(RlResponseRules.issues(json("{'pipeline_metadata': null, 'trajectories': []}"))).containsExactly(
				"Missing or invalid 'pipeline_metadata' (required for RL training)",
				"No trajectories found in response");
	}

	@Test
	void inferenceUrlProblemsAreReported() {
		assertThat(RlResponseRules.issues(json("{'pipeline_metadata': {}, 'trajectories': [{'steps': []}]}")))
			.singleElement()
			.asString()
			.startsWith("pipeline_metadata['inference_url'] is missing.");
		assertThat(RlResponseRules
			.issues(json("{'pipeline_metadata': {'inference_url': 3}, 'trajectories': [{'steps': []}]}")))
			.singleElement()
			.asString()
			.startsWith("pipeline_metadata['inference_url'] must be a string");
	}

	@Test
	void stepsWithoutNestedMetaAreReported() {
		assertThat(RlResponseRules.issues(json("{'pipeline_metadata': {'inference_url': 'https://h/v1?cid=t'},"
				+ " 'trajectories': [{'steps': [{}, {'info': null}, {'info': {'inference_url': 'x'}},"
				+ " {'info': {'meta': {}}}, {'info': {'meta': {'inference_url': 1}}}]}]}")))
			.containsExactly("trajectory[0].steps[0]" + NO_META, "trajectory[0].steps[1].info is not a dict",
					"trajectory[0].steps[2]" + NO_META,
					"trajectory[0].steps[3].info.meta['inference_url'] is missing."
							+ " RL trainer requires this field to extract traces.",
					"trajectory[0].steps[4].info.meta['inference_url'] must be a string, got: NUMBER");
	}

}
