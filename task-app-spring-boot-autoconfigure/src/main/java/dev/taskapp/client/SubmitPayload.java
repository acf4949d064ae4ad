package dev.taskapp.client;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds the body of {@code POST /api/prompt-learning/online/jobs} from a
 * {@link PromptLearningJobConfig}, as the Synth SDK's {@code build_prompt_learning_payload}
 * does ({@code synth_ai/sdk/api/train/builders.py}): {@code algorithm}, {@code config_body}
 * (the document with the overrides merged in), {@code overrides} (the dot-path overrides),
 * {@code metadata} (with {@code backend_base_url}) and {@code auto_start}.
 * <p>
 * For a SynthTunnel task-app URL (see {@link SynthTunnelUrls}) it follows the SDK's
 * {@code PromptLearningJob.submit}: the worker token is required and is added to
 * {@code metadata.worker_token} as a fallback for proxies that strip the header, and no
 * task-app API key is sent, because the tunnel agent adds it locally (contract reference
 * §6.5.5).
 */
final class SubmitPayload {

	/** The SDK's message when a SynthTunnel job has no worker token. */
	static final String WORKER_TOKEN_REQUIRED = "task_app_worker_token is required for SynthTunnel task_app_url."
			+ " Pass the tunnel's worker token (TaskAppUrl.workerToken()) to withTaskAppWorkerToken(..)";

	private static final String TOP_LEVEL_API_KEY = "task_app_api_key";

	private final Map<String, Object> body;

	private final boolean synthTunnel;

	private final @Nullable String taskAppApiKey;

	private SubmitPayload(Map<String, Object> body, boolean synthTunnel, @Nullable String taskAppApiKey) {
		this.body = body;
		this.synthTunnel = synthTunnel;
		this.taskAppApiKey = taskAppApiKey;
	}

	/**
	 * Builds the submission of a configuration.
	 * @param config the configuration
	 * @param apiBase the API base of the backend
	 * @return the submission
	 * @throws IllegalArgumentException if the configuration names no task-app URL, or names a
	 * SynthTunnel URL without a worker token
	 */
	static SubmitPayload of(PromptLearningJobConfig config, String apiBase) {
		Map<String, Object> document = config.mergedDocument();
		Object url = DotPath.get(document, PromptLearningJobConfig.TASK_APP_URL);
		if (!(url instanceof String taskAppUrl) || taskAppUrl.isBlank()) {
			throw new IllegalArgumentException("task_app_url is required: set " + PromptLearningJobConfig.TASK_APP_URL
					+ " in " + config.source() + " or call withTaskAppUrl(..)");
		}
		boolean synthTunnel = SynthTunnelUrls.isSynthTunnel(taskAppUrl);
		Map<String, Object> overrides = new LinkedHashMap<>(config.overrides());
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("backend_base_url", apiBase);
		if (synthTunnel) {
			if (config.workerToken() == null) {
				throw new IllegalArgumentException(WORKER_TOKEN_REQUIRED);
			}
			DotPath.remove(document, PromptLearningJobConfig.TASK_APP_API_KEY);
			document.remove(TOP_LEVEL_API_KEY);
			overrides.remove(PromptLearningJobConfig.TASK_APP_API_KEY);
			overrides.remove(TOP_LEVEL_API_KEY);
			metadata.put("worker_token", config.workerToken());
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("algorithm", config.algorithm());
		body.put("config_body", document);
		body.put("overrides", overrides);
		body.put("metadata", metadata);
		body.put("auto_start", true);
		Object taskAppApiKey = DotPath.get(document, PromptLearningJobConfig.TASK_APP_API_KEY);
		return new SubmitPayload(body, synthTunnel, (taskAppApiKey instanceof String key) ? key : null);
	}

	/**
	 * Returns the request body.
	 * @return the body
	 */
	Map<String, Object> body() {
		return this.body;
	}

	/**
	 * Returns whether the task app is reached through SynthTunnel.
	 * @return whether the URL is a SynthTunnel URL
	 */
	boolean isSynthTunnel() {
		return this.synthTunnel;
	}

	/**
	 * Returns the task-app API key that is sent, for redaction.
	 * @return the key, or {@code null} when none is sent
	 */
	@Nullable String taskAppApiKey() {
		return this.taskAppApiKey;
	}

}
