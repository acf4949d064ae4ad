package dev.taskapp.sample;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The checks the Synth SDK's {@code validate_rollout_response_for_rl} applies to a rollout
 * response before RL training uses it (contract §3.4), with the SDK's messages.
 */
final class RlResponseRules {

	private RlResponseRules() {
	}

	/**
	 * Returns what the RL validator would object to in a serialised rollout response.
	 * @param response the response, as read from its JSON
	 * @return the issues, empty when the response passes
	 */
	static List<String> issues(JsonNode response) {
		List<String> issues = new ArrayList<>();
		JsonNode pipelineMetadata = response.path("pipeline_metadata");
		if (!pipelineMetadata.isObject()) {
			issues.add("Missing or invalid 'pipeline_metadata' (required for RL training)");
		}
		else {
			JsonNode inferenceUrl = pipelineMetadata.path("inference_url");
			if (inferenceUrl.isMissingNode() || inferenceUrl.isNull()
					|| (inferenceUrl.isString() && inferenceUrl.stringValue().isEmpty())) {
				issues.add("pipeline_metadata['inference_url'] is missing. "
						+ "RL trainer requires this field to extract traces.");
			}
			else if (!inferenceUrl.isString()) {
				issues.add("pipeline_metadata['inference_url'] must be a string, got: " + inferenceUrl.getNodeType());
			}
			else if (!inferenceUrl.stringValue().contains("?cid=")) {
				String url = inferenceUrl.stringValue();
				issues.add("pipeline_metadata['inference_url'] should contain '?cid=' for trace correlation. Got: "
						+ url.substring(0, Math.min(80, url.length())) + "...");
			}
		}
		JsonNode trajectories = response.path("trajectories");
		if (!trajectories.isArray() || trajectories.isEmpty()) {
			issues.add("No trajectories found in response");
			return issues;
		}
		for (int i = 0; i < trajectories.size(); i++) {
			JsonNode steps = trajectories.path(i).path("steps");
			for (int j = 0; j < steps.size(); j++) {
				String where = "trajectory[" + i + "].steps[" + j + "]";
				JsonNode info = steps.path(j).path("info");
				if (info.isMissingNode()) {
					issues.add(where + ".info.meta is missing or not a dict. "
							+ "RL trainer expects nested structure: info.meta.inference_url");
					continue;
				}
				if (!info.isObject()) {
					issues.add(where + ".info is not a dict");
					continue;
				}
				JsonNode meta = info.path("meta");
				if (!meta.isObject()) {
					issues.add(where + ".info.meta is missing or not a dict. "
							+ "RL trainer expects nested structure: info.meta.inference_url");
					continue;
				}
				JsonNode inferenceUrl = meta.path("inference_url");
				if (inferenceUrl.isMissingNode() || inferenceUrl.isNull()) {
					issues.add(where + ".info.meta['inference_url'] is missing. "
							+ "RL trainer requires this field to extract traces.");
				}
				else if (!inferenceUrl.isString()) {
					issues.add(where + ".info.meta['inference_url'] must be a string, got: "
							+ inferenceUrl.getNodeType());
				}
			}
		}
		return issues;
	}

}
